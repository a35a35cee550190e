namespace CustomerStream.Generation;

/// <summary>A timestamp as the sample writes it (<see cref="Text"/>) and the UTC instant that text means under the source's configuration.</summary>
internal readonly record struct Stamp(DateTime Utc, string Text, bool IsJsonNumber = false);
