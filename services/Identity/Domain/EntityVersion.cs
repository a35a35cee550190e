using CustomerStream.Contracts.Primitives;

namespace CustomerStream.Identity.Domain;

/// <summary>The newest version of an entity (customer-master record, order) forwarded so far.</summary>
public sealed class EntityVersion
{
    public DateTime UpdatedAt { get; set; }

    public string Hash { get; set; } = "";

    /// <summary>True when (<paramref name="updatedAt"/>, <paramref name="hash"/>) sorts after this version.</summary>
    public bool IsOlderThan(DateTime updatedAt, string hash) => LastWriterWins.Compare(updatedAt, hash, UpdatedAt, Hash) > 0;
}
