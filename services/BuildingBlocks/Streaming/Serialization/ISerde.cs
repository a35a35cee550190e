namespace CustomerStream.Streaming.Serialization;

/// <summary>
/// Turns keys and values of a state store into bytes and back. Stores keep bytes (RocksDB, changelog
/// records); processors see typed values through a serde. Range and prefix scans follow the byte
/// order of the serialized keys, so a key serde decides what "ordered" means for its store.
/// </summary>
/// <typeparam name="T">The type of the keys or values.</typeparam>
public interface ISerde<T>
{
    /// <summary>Serializes a value; the returned array is owned by the caller.</summary>
    byte[] Serialize(T value);

    /// <summary>Reads a value back from bytes written by <see cref="Serialize"/>.</summary>
    T Deserialize(ReadOnlySpan<byte> data);
}
