namespace CustomerStream.Ingest.Publishing;

/// <summary>
/// Ingest waited for the consumers of its topics (<see cref="IngestPacer"/>) and they made no progress for
/// <see cref="IngestPacingOptions.StallTimeout"/>: the file or request stops instead of waiting for ever. What was
/// produced before stays produced; sending the input again is safe.
/// </summary>
public sealed class IngestStalledException(string message) : Exception(message);
