namespace CustomerStream.Ingest.Normalization;

/// <summary>Where a record came from and when it was taken in.</summary>
/// <param name="SourceRef"><c>file.csv:42</c> or <c>http:&lt;request id&gt;#&lt;index&gt;</c>.</param>
/// <param name="IngestedAt">UTC time ingest accepted the record (not part of its hash).</param>
/// <param name="DefaultSourceSystem">The source system to use when a record names none (<c>--source</c>), or null.</param>
public readonly record struct RecordContext(string SourceRef, DateTime IngestedAt, string? DefaultSourceSystem = null);
