namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>Writes a .NET enum as the Avro symbol of the same name.</summary>
internal sealed class EnumWriter<TEnum>(IReadOnlyDictionary<TEnum, int> indexByValue, string enumName) : ValueWriter<TEnum>
    where TEnum : struct, Enum
{
    public override void Write(AvroOutput output, TEnum value)
    {
        if (!indexByValue.TryGetValue(value, out var index))
        {
            throw new AvroDataException($"{typeof(TEnum).Name}.{value} has no symbol in the Avro enum {enumName}.");
        }

        output.WriteInt(index);
    }
}

/// <summary>Writes a string holding the symbol's name.</summary>
internal sealed class EnumStringWriter(IReadOnlyDictionary<string, int> indexBySymbol, string enumName) : ValueWriter<string>
{
    public override void Write(AvroOutput output, string value)
    {
        if (value is null || !indexBySymbol.TryGetValue(value, out var index))
        {
            throw new AvroDataException($"'{value}' is not a symbol of the Avro enum {enumName}.");
        }

        output.WriteInt(index);
    }
}

/// <summary>
/// Maps the writer's symbol index to the reader's .NET value, precomputed per writer symbol. A symbol
/// the reader lacks becomes the reader enum's default, or fails when that symbol actually occurs.
/// </summary>
internal sealed class EnumReader<T>(T[] valueByWriterIndex, string?[] failureByWriterIndex) : ValueReader<T>
{
    public override T Read(ref AvroInput input)
    {
        var index = input.ReadInt();
        if ((uint)index >= (uint)valueByWriterIndex.Length)
        {
            throw new AvroDataException($"Enum index {index} is out of range (the writer's enum has {valueByWriterIndex.Length} symbols).");
        }

        if (failureByWriterIndex[index] is { } failure)
        {
            throw new AvroDataException(failure);
        }

        return valueByWriterIndex[index];
    }
}
