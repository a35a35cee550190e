namespace CustomerStream.Streaming.Serialization;

/// <summary>Reads a value from bytes, for <see cref="Serdes.Create{T}"/>.</summary>
public delegate T SpanDeserializer<out T>(ReadOnlySpan<byte> data);
