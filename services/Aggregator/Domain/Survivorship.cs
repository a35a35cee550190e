namespace CustomerStream.Aggregator.Domain;

/// <summary>Which value of a customer's attributes wins (contracts/README.md §6).</summary>
public static class Survivorship
{
    /// <summary>The customer-master record with the latest <c>updated_at</c> (ties: larger key), or null.</summary>
    public static MasterRecord? LatestRecord(CustomerState state)
    {
        MasterRecord? latest = null;
        foreach (var record in state.RecordValues)
        {
            if (latest is null
                || record.UpdatedAt > latest.UpdatedAt
                || (record.UpdatedAt == latest.UpdatedAt && string.CompareOrdinal(record.Key, latest.Key) > 0))
            {
                latest = record;
            }
        }

        return latest;
    }

    /// <summary>
    /// The valid e-mail of the most recent record carrying one: customer-master records by
    /// <c>updated_at</c>, current order versions by <c>updated_at</c>, present web events by <c>ts</c>.
    /// Equal times: the larger address, so the result does not depend on map order.
    /// </summary>
    public static string? Email(CustomerState state)
    {
        string? email = null;
        var at = DateTime.MinValue;
        foreach (var record in state.RecordValues)
        {
            Offer(record.Email, record.UpdatedAt);
        }

        foreach (var order in state.OrderValues)
        {
            Offer(order.CustomerEmail, order.UpdatedAt);
        }

        foreach (var entry in state.WebEventValues)
        {
            if (entry.Present)
            {
                Offer(entry.Email, entry.Ts);
            }
        }

        return email;

        void Offer(string? candidate, DateTime ts)
        {
            if (string.IsNullOrEmpty(candidate))
            {
                return;
            }

            if (email is null || ts > at || (ts == at && string.CompareOrdinal(candidate, email) > 0))
            {
                email = candidate;
                at = ts;
            }
        }
    }
}
