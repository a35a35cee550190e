namespace CustomerStream.Ingest.Reading;

/// <summary>The input as a whole cannot be read (no usable header, not the expected kind of file); no record is read from it.</summary>
public sealed class InputFormatException(string message) : Exception(message);
