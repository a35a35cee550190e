using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Aggregator.Domain;

/// <summary>The current version of one customer-master record (key <c>source_system:source_customer_id</c>).</summary>
public sealed record MasterRecord(
    string SourceSystem,
    string SourceCustomerId,
    string? Email,
    string? FirstName,
    string? LastName,
    string? Phone,
    string? Country,
    string? City,
    DateTime? CreatedAt,
    DateTime UpdatedAt,
    CustomerStatus Status,
    bool IsTest,
    string RecordHash)
{
    public string Key { get; } = SourceSystem + ":" + SourceCustomerId;

    public static MasterRecord From(CustomerFact fact) => new(
        fact.SourceSystem,
        fact.SourceCustomerId,
        fact.Email,
        fact.FirstName,
        fact.LastName,
        fact.Phone,
        fact.Country,
        fact.City,
        Utc.Of(fact.CreatedAt),
        Utc.Of(fact.UpdatedAt),
        fact.Status,
        fact.IsTest,
        fact.RecordHash);

    /// <summary>True when this version replaces <paramref name="other"/> (strictly newer).</summary>
    public bool Supersedes(MasterRecord other) =>
        LastWriterWins.Compare(UpdatedAt, RecordHash, other.UpdatedAt, other.RecordHash) > 0;
}
