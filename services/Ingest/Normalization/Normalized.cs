namespace CustomerStream.Ingest.Normalization;

/// <summary>The outcome of normalizing one record: exactly one of a normalized value or a rejection.</summary>
public readonly struct Normalized<T>
    where T : class
{
    private Normalized(T? value, Rejection? rejection, string sourceSystem)
    {
        Value = value;
        Rejection = rejection;
        SourceSystem = sourceSystem;
    }

    public T? Value { get; }

    public Rejection? Rejection { get; }

    /// <summary>The record's source system as far as it could be read (for the rejection's <c>source_system</c>).</summary>
    public string SourceSystem { get; }

    public bool IsAccepted => Value is not null;

    public static Normalized<T> Accept(T value, string sourceSystem) => new(value, null, sourceSystem);

    public static Normalized<T> Reject(Rejection rejection, string sourceSystem) => new(null, rejection, sourceSystem);
}
