namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>Reads one Avro value written with a fixed writer schema into a .NET value of type <typeparamref name="T"/>.</summary>
internal abstract class ValueReader<T>
{
    public abstract T Read(ref AvroInput input);
}

/// <summary>The writer wrote null (or a union's null branch): the .NET default (null) is the value.</summary>
internal sealed class NullReader<T> : ValueReader<T>
{
    public override T Read(ref AvroInput input) => default!;
}

internal sealed class BooleanReader : ValueReader<bool>
{
    public override bool Read(ref AvroInput input) => input.ReadBoolean();
}

internal sealed class IntReader : ValueReader<int>
{
    public override int Read(ref AvroInput input) => input.ReadInt();
}

internal sealed class LongReader : ValueReader<long>
{
    public override long Read(ref AvroInput input) => input.ReadLong();
}

internal sealed class FloatReader : ValueReader<float>
{
    public override float Read(ref AvroInput input) => input.ReadFloat();
}

internal sealed class DoubleReader : ValueReader<double>
{
    public override double Read(ref AvroInput input) => input.ReadDouble();
}

/// <summary>Reads a writer's <c>string</c> or <c>bytes</c> (same encoding) as text.</summary>
internal sealed class StringReader : ValueReader<string>
{
    public override string Read(ref AvroInput input) => input.ReadString();
}

/// <summary>Reads a writer's <c>bytes</c> or <c>string</c> as bytes.</summary>
internal sealed class BytesReader : ValueReader<byte[]>
{
    public override byte[] Read(ref AvroInput input) => input.ReadBytes();
}

internal sealed class FixedReader(int size) : ValueReader<byte[]>
{
    public override byte[] Read(ref AvroInput input) => input.ReadSpan(size).ToArray();
}

/// <summary>Reads the Avro base value, then converts it (logical types, promotions, nullable and boxing adapters).</summary>
internal sealed class ConvertingReader<TBase, T>(ValueReader<TBase> inner, Func<TBase, T> convert) : ValueReader<T>
{
    public override T Read(ref AvroInput input) => convert(inner.Read(ref input));
}

/// <summary>A writer value the reader cannot take (e.g. a union branch with no match): fails only when such a value occurs.</summary>
internal sealed class FailingReader<T>(string reason) : ValueReader<T>
{
    public override T Read(ref AvroInput input) => throw new AvroDataException(reason);
}
