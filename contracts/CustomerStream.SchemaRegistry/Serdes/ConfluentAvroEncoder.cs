using CustomerStream.SchemaRegistry.Codec;

namespace CustomerStream.SchemaRegistry.Serdes;

/// <summary>
/// The hot path of <see cref="AvroSerializer{T}"/> once its schema id is known: frames and encodes
/// a value with no lookups and, into a reused <see cref="AvroOutput"/>, no allocations.
/// Get one from <see cref="AvroSerializer{T}.GetEncoderAsync"/>. Thread-safe.
/// </summary>
public sealed class ConfluentAvroEncoder<T>
{
    private readonly AvroWriter<T> _writer;

    internal ConfluentAvroEncoder(string subject, int schemaId, AvroWriter<T> writer)
    {
        Subject = subject;
        SchemaId = schemaId;
        _writer = writer;
    }

    /// <summary>The subject the schema is registered under.</summary>
    public string Subject { get; }

    /// <summary>The registry's id of the schema, written into every message.</summary>
    public int SchemaId { get; }

    /// <summary>Appends the framed message (header and Avro) for <paramref name="value"/> to <paramref name="output"/>.</summary>
    /// <exception cref="Codec.AvroDataException">The value does not fit the schema; the message names the field.</exception>
    public void Encode(T value, AvroOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteByte(ConfluentWireFormat.MagicByte);
        output.WriteInt32BigEndian(SchemaId);
        _writer.Write(value, output);
    }

    /// <summary>The framed message for <paramref name="value"/> as a new array (what Kafka's producer API takes).</summary>
    public byte[] Encode(T value)
    {
        var output = Codec.Internal.ThreadOutput.Rent();
        try
        {
            Encode(value, output);
            return output.ToArray();
        }
        finally
        {
            Codec.Internal.ThreadOutput.Return(output);
        }
    }
}
