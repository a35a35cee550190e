namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>One field of a record as the writer sees it.</summary>
internal abstract class FieldWriter<TRecord>(string name)
{
    public string Name { get; } = name;

    public abstract void Write(AvroOutput output, TRecord record);
}

internal sealed class PropertyFieldWriter<TRecord, TProperty>(string name, Func<TRecord, TProperty> getter, ValueWriter<TProperty> writer)
    : FieldWriter<TRecord>(name)
{
    public override void Write(AvroOutput output, TRecord record) => writer.Write(output, getter(record));
}

/// <summary>The .NET type has no property for the field: its schema default is written (encoded once).</summary>
internal sealed class DefaultFieldWriter<TRecord>(string name, byte[] encodedDefault) : FieldWriter<TRecord>(name)
{
    public override void Write(AvroOutput output, TRecord record) => output.WriteRaw(encodedDefault);
}

/// <summary>Writes a record field by field. Built empty and filled afterwards, so that recursive schemas can refer to it.</summary>
internal sealed class RecordWriter<TRecord>(string fullName) : ValueWriter<TRecord>
{
    private FieldWriter<TRecord>[] _fields = [];

    public void Initialize(FieldWriter<TRecord>[] fields) => _fields = fields;

    public override void Write(AvroOutput output, TRecord value)
    {
        if (value is null)
        {
            throw new AvroDataException($"null is not allowed here (Avro record {fullName}).");
        }

        var fields = _fields;
        for (var i = 0; i < fields.Length; i++)
        {
            try
            {
                fields[i].Write(output, value);
            }
            catch (AvroDataException e)
            {
                throw e.Within(fields[i].Name);
            }
        }
    }
}

/// <summary>One step of reading a record: one writer field (into a property or skipped), or one reader default.</summary>
internal abstract class FieldStep<TRecord>(string name)
{
    public string Name { get; } = name;

    public abstract void Apply(ref AvroInput input, TRecord target);
}

internal sealed class PropertyFieldStep<TRecord, TProperty>(string name, Action<TRecord, TProperty> setter, ValueReader<TProperty> reader)
    : FieldStep<TRecord>(name)
{
    public override void Apply(ref AvroInput input, TRecord target) => setter(target, reader.Read(ref input));
}

/// <summary>The writer's field has no counterpart in the reader: its bytes are skipped.</summary>
internal sealed class SkipFieldStep<TRecord>(string name, Skipper skipper) : FieldStep<TRecord>(name)
{
    public override void Apply(ref AvroInput input, TRecord target) => skipper.Skip(ref input);
}

/// <summary>The reader's field is missing from the writer: the reader's default is set (a fresh instance each time).</summary>
internal sealed class DefaultFieldStep<TRecord, TProperty>(string name, Action<TRecord, TProperty> setter, Func<TProperty> value)
    : FieldStep<TRecord>(name)
{
    public override void Apply(ref AvroInput input, TRecord target) => setter(target, value());
}

/// <summary>Creates the .NET record, then applies the steps in writer field order, then the defaults.</summary>
internal sealed class RecordReader<TRecord>(Func<TRecord> create) : ValueReader<TRecord>
{
    private FieldStep<TRecord>[] _steps = [];

    public void Initialize(FieldStep<TRecord>[] steps) => _steps = steps;

    public override TRecord Read(ref AvroInput input)
    {
        var record = create();
        var steps = _steps;
        for (var i = 0; i < steps.Length; i++)
        {
            try
            {
                steps[i].Apply(ref input, record);
            }
            catch (AvroDataException e)
            {
                throw e.Within(steps[i].Name);
            }
        }

        return record;
    }
}
