using CustomerStream.Contracts.Customer;

namespace CustomerStream.Bridge.Tests.Support;

/// <summary>
/// Synthetic <c>customer.profile-changed.v1</c> records: every customer gets versions 1..n in order (as the
/// aggregator emits them on one partition key), with every field derived from (customer, version) so a message's
/// content can be checked against the record it came from.
/// </summary>
public static class ProfileFeed
{
    public static string CustomerId(int customer) => $"c360_test{customer:D6}";

    public static CustomerProfileChanged Record(int customer, long version)
    {
        var id = CustomerId(customer);
        var at = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(customer).AddSeconds(version);
        return new CustomerProfileChanged
        {
            EventId = $"{id}:{version}",
            CustomerId = id,
            Version = version,
            ChangedAt = at,
            ChangedFields = version == 1 ? ["email", "lifetime_value", "visibility_status"] : ["lifetime_value"],
            Profile = new CustomerProfile
            {
                VisibilityStatus = (VisibilityStatus)(customer % 4),
                AcquisitionTs = customer % 5 == 0 ? null : at.AddDays(-30),
                AcquisitionSource = customer % 5 == 0 ? null : "crm",
                Email = $"person{customer}@example.com",
                FirstName = $"First{customer}",
                LastName = customer % 7 == 0 ? null : $"Last{customer}",
                Phone = null,
                Country = "DE",
                City = "Berlin",
                Identifiers = [$"email:person{customer}@example.com", $"crm:{customer}"],
                LifetimeValue = 10.25m * version + customer,
                TotalTransactions = version,
                RefundedAmount = customer % 3 == 0 ? 1.5m : 0m,
                FirstTransactionTs = at.AddDays(-10),
                LastTransactionTs = at,
                WebSessions = version * 2,
                PageViews = version * 5,
            },
        };
    }

    /// <summary>
    /// <paramref name="customers"/> × <paramref name="versions"/> records, customers interleaved, each customer's
    /// versions in order.
    /// </summary>
    public static IEnumerable<CustomerProfileChanged> Records(int customers, int versions, int firstCustomer = 0)
    {
        for (var version = 1; version <= versions; version++)
        {
            for (var customer = firstCustomer; customer < firstCustomer + customers; customer++)
            {
                yield return Record(customer, version);
            }
        }
    }
}
