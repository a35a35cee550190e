namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>Writes one .NET value of type <typeparamref name="T"/> as one Avro value of a fixed schema.</summary>
internal abstract class ValueWriter<T>
{
    public abstract void Write(AvroOutput output, T value);
}

internal sealed class NullWriter<T> : ValueWriter<T>
{
    public override void Write(AvroOutput output, T value)
    {
    }
}

internal sealed class BooleanWriter : ValueWriter<bool>
{
    public override void Write(AvroOutput output, bool value) => output.WriteBoolean(value);
}

internal sealed class IntWriter : ValueWriter<int>
{
    public override void Write(AvroOutput output, int value) => output.WriteInt(value);
}

internal sealed class LongWriter : ValueWriter<long>
{
    public override void Write(AvroOutput output, long value) => output.WriteLong(value);
}

internal sealed class FloatWriter : ValueWriter<float>
{
    public override void Write(AvroOutput output, float value) => output.WriteFloat(value);
}

internal sealed class DoubleWriter : ValueWriter<double>
{
    public override void Write(AvroOutput output, double value) => output.WriteDouble(value);
}

internal sealed class StringWriter : ValueWriter<string>
{
    public override void Write(AvroOutput output, string value)
    {
        if (value is null)
        {
            throw new AvroDataException("null is not allowed here (Avro type string); make the field a union with null or give it a value.");
        }

        output.WriteString(value);
    }
}

internal sealed class BytesWriter : ValueWriter<byte[]>
{
    public override void Write(AvroOutput output, byte[] value)
    {
        if (value is null)
        {
            throw new AvroDataException("null is not allowed here (Avro type bytes).");
        }

        output.WriteBytes(value);
    }
}

internal sealed class FixedWriter(int size) : ValueWriter<byte[]>
{
    public override void Write(AvroOutput output, byte[] value)
    {
        if (value is null || value.Length != size)
        {
            throw new AvroDataException($"Avro fixed needs exactly {size} bytes, got {(value is null ? "null" : value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}.");
        }

        output.WriteRaw(value);
    }
}

/// <summary>Converts the .NET value to the Avro base value, then writes that (logical types, widening).</summary>
internal sealed class ConvertingWriter<T, TBase>(Func<T, TBase> convert, ValueWriter<TBase> inner) : ValueWriter<T>
{
    public override void Write(AvroOutput output, T value) => inner.Write(output, convert(value));
}
