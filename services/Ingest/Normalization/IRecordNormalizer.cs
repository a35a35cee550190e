namespace CustomerStream.Ingest.Normalization;

/// <summary>Turns the raw fields of one input record into one normalized record or one rejection. Never throws on input.</summary>
public interface IRecordNormalizer<T>
    where T : class
{
    IngestEntity Entity { get; }

    Normalized<T> Normalize(ReadOnlySpan<RawValue> fields, in RecordContext context);

    /// <summary>The Kafka key of a normalized record (the source record's identity, so re-sends share a partition).</summary>
    string KeyOf(T record);
}
