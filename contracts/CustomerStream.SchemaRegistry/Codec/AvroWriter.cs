using Avro;
using CustomerStream.SchemaRegistry.Codec.Internal;

namespace CustomerStream.SchemaRegistry.Codec;

/// <summary>
/// Writes <typeparamref name="T"/> as Avro binary of one schema. Built once per schema and type (see
/// <see cref="AvroCodec.Writer{T}"/>), thread-safe, and allocation-free per record when given a
/// reused <see cref="AvroOutput"/>.
/// </summary>
/// <typeparam name="T">A class whose properties map the record's fields (by <c>[AvroField]</c> name), or a type matching a non-record schema.</typeparam>
public sealed class AvroWriter<T>
{
    private readonly ValueWriter<T> _root;

    internal AvroWriter(Schema schema, ValueWriter<T> root)
    {
        Schema = schema;
        _root = root;
    }

    /// <summary>The schema the data is written with.</summary>
    public Schema Schema { get; }

    /// <summary>Appends <paramref name="value"/> to <paramref name="output"/>.</summary>
    /// <exception cref="AvroDataException">The value does not fit the schema (the message names the field).</exception>
    public void Write(T value, AvroOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _root.Write(output, value);
    }

    /// <summary>Encodes <paramref name="value"/> into a new array (uses a per-thread buffer underneath).</summary>
    public byte[] ToArray(T value)
    {
        var output = ThreadOutput.Rent();
        try
        {
            _root.Write(output, value);
            return output.ToArray();
        }
        finally
        {
            ThreadOutput.Return(output);
        }
    }
}
