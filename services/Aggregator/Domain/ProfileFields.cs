using CustomerStream.Contracts;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;

namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// The fields of <c>customer.profile-changed.v1</c>'s profile, by their Avro names, and which of them differ.
/// <c>ProfileFieldsContractTests</c> fails when a field of the profile schema is not compared or not copied here.
/// </summary>
public static class ProfileFields
{
    /// <summary>Every field of the profile, in schema order: taken from the <c>.avsc</c>, not repeated here.</summary>
    public static IReadOnlyList<string> All { get; } = ContractSchemas.For<CustomerProfile>().Fields.Select(f => f.Name).ToArray();

    /// <summary>Names of the profile fields whose value differs; all of them when there is no previous profile.</summary>
    public static List<string> Changed(CustomerSummary? before, CustomerSummary after)
    {
        if (before is null)
        {
            return [.. All];
        }

        var changed = new List<string>();
        Check(before.VisibilityStatus != after.VisibilityStatus, "visibility_status");
        Check(before.AcquisitionTs != after.AcquisitionTs, "acquisition_ts");
        Check(!Same(before.AcquisitionSource, after.AcquisitionSource), "acquisition_source");
        Check(!Same(before.Email, after.Email), "email");
        Check(!Same(before.FirstName, after.FirstName), "first_name");
        Check(!Same(before.LastName, after.LastName), "last_name");
        Check(!Same(before.Phone, after.Phone), "phone");
        Check(!Same(before.Country, after.Country), "country");
        Check(!Same(before.City, after.City), "city");
        Check(!before.Identifiers.SequenceEqual(after.Identifiers, StringComparer.Ordinal), "identifiers");
        Check(before.LifetimeValue != after.LifetimeValue, "lifetime_value");
        Check(before.TotalTransactions != after.TotalTransactions, "total_transactions");
        Check(before.RefundedAmount != after.RefundedAmount, "refunded_amount");
        Check(before.FirstTransactionTs != after.FirstTransactionTs, "first_transaction_ts");
        Check(before.LastTransactionTs != after.LastTransactionTs, "last_transaction_ts");
        Check(before.WebSessions != after.WebSessions, "web_sessions");
        Check(before.PageViews != after.PageViews, "page_views");
        return changed;

        void Check(bool differs, string name)
        {
            if (differs)
            {
                changed.Add(name);
            }
        }
    }

    /// <summary>The profile part of a summary (<c>customer.profile-changed.v1</c>'s profile).</summary>
    public static CustomerProfile ProfileOf(CustomerSummary summary) => new()
    {
        VisibilityStatus = summary.VisibilityStatus,
        AcquisitionTs = summary.AcquisitionTs,
        AcquisitionSource = summary.AcquisitionSource,
        Email = summary.Email,
        FirstName = summary.FirstName,
        LastName = summary.LastName,
        Phone = summary.Phone,
        Country = summary.Country,
        City = summary.City,
        Identifiers = summary.Identifiers,
        LifetimeValue = summary.LifetimeValue,
        TotalTransactions = summary.TotalTransactions,
        RefundedAmount = summary.RefundedAmount,
        FirstTransactionTs = summary.FirstTransactionTs,
        LastTransactionTs = summary.LastTransactionTs,
        WebSessions = summary.WebSessions,
        PageViews = summary.PageViews,
    };

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal);
}
