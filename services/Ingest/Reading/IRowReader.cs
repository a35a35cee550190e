namespace CustomerStream.Ingest.Reading;

/// <summary>Streams the records of one input, one at a time, without loading it whole.</summary>
public interface IRowReader : IDisposable
{
    /// <summary>The next record, or null at the end of the input.</summary>
    /// <exception cref="InputFormatException">The input as a whole cannot be read.</exception>
    ValueTask<SourceRow?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Bytes consumed from the input so far (for progress).</summary>
    long BytesRead { get; }
}
