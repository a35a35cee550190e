namespace CustomerStream.Ingest.Reading;

/// <summary>
/// Size limits of input records. Records beyond them are rejected (<c>field_too_long</c>) instead of
/// being buffered: a file is streamed, and one runaway line must not take the process's memory.
/// </summary>
/// <param name="MaxFieldBytes">Longest accepted field, in UTF-8 bytes (64 KiB).</param>
/// <param name="MaxRecordBytes">Longest accepted record (a CSV row, possibly over several lines, or an NDJSON line), in bytes (1 MiB).</param>
public sealed record InputLimits(int MaxFieldBytes = 64 * 1024, int MaxRecordBytes = 1024 * 1024)
{
    public static InputLimits Default { get; } = new();
}
