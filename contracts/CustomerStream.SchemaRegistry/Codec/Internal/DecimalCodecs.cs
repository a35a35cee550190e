namespace CustomerStream.SchemaRegistry.Codec.Internal;

internal sealed class DecimalBytesWriter(int scale, int precision) : ValueWriter<decimal>
{
    public override void Write(AvroOutput output, decimal value) => DecimalEncoding.WriteBytes(output, value, scale, precision);
}

internal sealed class DecimalFixedWriter(int scale, int precision, int size) : ValueWriter<decimal>
{
    public override void Write(AvroOutput output, decimal value) => DecimalEncoding.WriteFixed(output, value, scale, precision, size);
}

/// <summary>Reads a decimal from the writer's bytes (or string, same encoding) at the writer's scale.</summary>
internal sealed class DecimalBytesReader(int scale) : ValueReader<decimal>
{
    public override decimal Read(ref AvroInput input) => DecimalEncoding.Read(input.ReadBytesSpan(), scale);
}

/// <summary>Reads a decimal from the writer's fixed at the writer's scale.</summary>
internal sealed class DecimalFixedReader(int scale, int size) : ValueReader<decimal>
{
    public override decimal Read(ref AvroInput input) => DecimalEncoding.Read(input.ReadSpan(size), scale);
}
