using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Ingest.Reading;

/// <summary>
/// One record as a reader found it: either its raw fields (indexed like the entity's
/// <see cref="FieldSet"/>) or the reason it could not be read as a record at all.
/// </summary>
public sealed class SourceRow
{
    /// <summary><c>file.csv:42</c> (the line the record starts on) or <c>http:&lt;request id&gt;#&lt;index&gt;</c>.</summary>
    public required string InputRef { get; init; }

    /// <summary>The raw fields, or null when <see cref="ReadError"/> is set.</summary>
    public RawValue[]? Fields { get; init; }

    /// <summary>Why the reader could not make a record of it (broken quoting, invalid UTF-8, malformed JSON, …).</summary>
    public Rejection? ReadError { get; init; }

    /// <summary>The record's text as received (invalid UTF-8 replaced by U+FFFD).</summary>
    public required string Raw { get; init; }

    /// <summary>The exact bytes, only when they were not valid UTF-8.</summary>
    public byte[]? RawBytes { get; init; }
}
