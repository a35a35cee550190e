using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Ingest.Normalization;

/// <summary>What one input record became: a keyed normalized record, or a rejection (never both, never neither).</summary>
public readonly struct IngestOutcome<T>
    where T : class
{
    private IngestOutcome(T? record, string? key, RejectedRecord? rejected)
    {
        Record = record;
        Key = key;
        Rejected = rejected;
    }

    public T? Record { get; }

    /// <summary>Kafka key of <see cref="Record"/>.</summary>
    public string? Key { get; }

    public RejectedRecord? Rejected { get; }

    public bool IsAccepted => Record is not null;

    public static IngestOutcome<T> Accept(T record, string key) => new(record, key, null);

    public static IngestOutcome<T> Reject(RejectedRecord rejected) => new(null, null, rejected);
}
