using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Aggregator.Domain;

/// <summary>The visibility status of the customer definition contract (contracts/README.md §1), in its order.</summary>
public static class VisibilityRules
{
    public static VisibilityStatus Decide(CustomerState state)
    {
        if (!HasStrongIdentifier(state))
        {
            return VisibilityStatus.ANONYMOUS;
        }

        var anyRecord = false;
        var allDeleted = true;
        foreach (var record in state.RecordValues)
        {
            if (record.IsTest)
            {
                return VisibilityStatus.TEST;
            }

            anyRecord = true;
            allDeleted &= record.Status == CustomerStatus.DELETED;
        }

        return anyRecord && allDeleted ? VisibilityStatus.DELETED : VisibilityStatus.VISIBLE;
    }

    /// <summary>
    /// A strong identifier announced by identity, or a customer-master record (whose
    /// <c>source:id</c> is one by definition, even before its IdentifierFact arrives).
    /// </summary>
    private static bool HasStrongIdentifier(CustomerState state)
    {
        if (state.Records.Count > 0)
        {
            return true;
        }

        foreach (var identifier in state.Identifiers.Keys)
        {
            if (Identifier.TryParse(identifier, out var parsed) && parsed.IsStrong)
            {
                return true;
            }
        }

        return false;
    }
}
