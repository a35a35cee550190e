using Avro;
using CustomerStream.SchemaRegistry.Codec.Internal;

namespace CustomerStream.SchemaRegistry.Codec;

/// <summary>
/// Reads Avro binary written with <see cref="WriterSchema"/> into <typeparamref name="T"/> shaped by
/// <see cref="ReaderSchema"/>, applying Avro schema resolution (see <see cref="AvroCodec.Reader{T}(Schema, Schema)"/>).
/// Thread-safe.
/// </summary>
public sealed class AvroReader<T>
{
    private readonly ValueReader<T> _root;

    internal AvroReader(Schema writerSchema, Schema readerSchema, ValueReader<T> root)
    {
        WriterSchema = writerSchema;
        ReaderSchema = readerSchema;
        _root = root;
    }

    /// <summary>The schema the data was written with (from the registry, by the id in the message).</summary>
    public Schema WriterSchema { get; }

    /// <summary>The schema the application reads with (its contract).</summary>
    public Schema ReaderSchema { get; }

    /// <summary>Reads one value from the start of <paramref name="data"/>.</summary>
    /// <exception cref="AvroDataException">The bytes are not a valid value of the writer schema, or hold a value the reader cannot take.</exception>
    public T Read(ReadOnlySpan<byte> data)
    {
        var input = new AvroInput(data);
        return _root.Read(ref input);
    }

    /// <summary>Reads one value at the current position of <paramref name="input"/>.</summary>
    public T Read(ref AvroInput input) => _root.Read(ref input);
}
