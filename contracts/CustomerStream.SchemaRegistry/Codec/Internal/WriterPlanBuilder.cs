using System.Reflection;
using Avro;

namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>
/// Builds the writer of a .NET type for an Avro schema once: a tree of typed writers with compiled
/// property getters, so that writing a record boxes nothing and looks nothing up.
/// </summary>
internal sealed class WriterPlanBuilder
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(Schema Schema, Type Type), object> _records = new(new SchemaTypeKeyComparer());
    private readonly Assembly[] _assemblies;

    public WriterPlanBuilder(Type rootType)
    {
        _assemblies = [rootType.Assembly];
    }

    public ValueWriter<T> Build<T>(Schema schema)
    {
        lock (_gate)
        {
            return (ValueWriter<T>)Build(schema, typeof(T), SchemaText.Describe(schema));
        }
    }

    private object Build(Schema schema, Type type, string path)
    {
        switch (schema)
        {
            case LogicalSchema logical:
                return BuildLogical(logical, type, path);
            case RecordSchema record:
                return BuildRecord(record, type, path);
            case EnumSchema enumSchema:
                return BuildEnum(enumSchema, type, path);
            case FixedSchema fixedSchema when type == typeof(byte[]):
                return new FixedWriter(fixedSchema.Size);
            case ArraySchema array:
                return BuildArray(array, type, path);
            case MapSchema map:
                return BuildMap(map, type, path);
            case UnionSchema union:
                return BuildUnion(union, type, path);
        }

        return BuildPrimitive(schema.Tag, type) ?? throw Mismatch(schema, type, path);
    }

    private static object? BuildPrimitive(Schema.Type tag, Type type) => (tag, type) switch
    {
        (Schema.Type.Null, _) => Activator.CreateInstance(typeof(NullWriter<>).MakeGenericType(type)),
        (Schema.Type.Boolean, _) when type == typeof(bool) => new BooleanWriter(),
        (Schema.Type.Int, _) when type == typeof(int) => new IntWriter(),
        (Schema.Type.Int, _) when type == typeof(short) => new ConvertingWriter<short, int>(v => v, new IntWriter()),
        (Schema.Type.Int, _) when type == typeof(byte) => new ConvertingWriter<byte, int>(v => v, new IntWriter()),
        (Schema.Type.Long, _) when type == typeof(long) => new LongWriter(),
        (Schema.Type.Long, _) when type == typeof(int) => new ConvertingWriter<int, long>(v => v, new LongWriter()),
        (Schema.Type.Float, _) when type == typeof(float) => new FloatWriter(),
        (Schema.Type.Double, _) when type == typeof(double) => new DoubleWriter(),
        (Schema.Type.Double, _) when type == typeof(float) => new ConvertingWriter<float, double>(v => v, new DoubleWriter()),
        (Schema.Type.String, _) when type == typeof(string) => new StringWriter(),
        (Schema.Type.Bytes, _) when type == typeof(byte[]) => new BytesWriter(),
        _ => null,
    };

    private object BuildLogical(LogicalSchema logical, Type type, string path)
    {
        var name = logical.LogicalTypeName;
        var baseTag = logical.BaseSchema.Tag;
        switch (name)
        {
            case LogicalTypes.Decimal when type == typeof(decimal):
                var (precision, scale) = LogicalTypes.DecimalParameters(logical);
                return logical.BaseSchema is FixedSchema fixedBase
                    ? new DecimalFixedWriter(scale, precision, fixedBase.Size)
                    : new DecimalBytesWriter(scale, precision);
            case LogicalTypes.TimestampMillis when baseTag == Schema.Type.Long && type == typeof(DateTime):
                return new ConvertingWriter<DateTime, long>(Temporal.ToUnixMillis, new LongWriter());
            case LogicalTypes.TimestampMillis when baseTag == Schema.Type.Long && type == typeof(DateTimeOffset):
                return new ConvertingWriter<DateTimeOffset, long>(Temporal.ToUnixMillis, new LongWriter());
            case LogicalTypes.TimestampMicros when baseTag == Schema.Type.Long && type == typeof(DateTime):
                return new ConvertingWriter<DateTime, long>(Temporal.ToUnixMicros, new LongWriter());
            case LogicalTypes.TimestampMicros when baseTag == Schema.Type.Long && type == typeof(DateTimeOffset):
                return new ConvertingWriter<DateTimeOffset, long>(Temporal.ToUnixMicros, new LongWriter());
            case LogicalTypes.LocalTimestampMillis when baseTag == Schema.Type.Long && type == typeof(DateTime):
                return new ConvertingWriter<DateTime, long>(Temporal.ToLocalMillis, new LongWriter());
            case LogicalTypes.LocalTimestampMicros when baseTag == Schema.Type.Long && type == typeof(DateTime):
                return new ConvertingWriter<DateTime, long>(Temporal.ToLocalMicros, new LongWriter());
            case LogicalTypes.Date when baseTag == Schema.Type.Int && type == typeof(DateOnly):
                return new ConvertingWriter<DateOnly, int>(Temporal.ToEpochDays, new IntWriter());
            case LogicalTypes.Date when baseTag == Schema.Type.Int && type == typeof(DateTime):
                return new ConvertingWriter<DateTime, int>(v => Temporal.ToEpochDays(DateOnly.FromDateTime(v)), new IntWriter());
            case LogicalTypes.TimeMillis when baseTag == Schema.Type.Int && type == typeof(TimeOnly):
                return new ConvertingWriter<TimeOnly, int>(Temporal.ToTimeMillis, new IntWriter());
            case LogicalTypes.TimeMillis when baseTag == Schema.Type.Int && type == typeof(TimeSpan):
                return new ConvertingWriter<TimeSpan, int>(v => (int)(v.Ticks / TimeSpan.TicksPerMillisecond), new IntWriter());
            case LogicalTypes.TimeMicros when baseTag == Schema.Type.Long && type == typeof(TimeOnly):
                return new ConvertingWriter<TimeOnly, long>(Temporal.ToTimeMicros, new LongWriter());
            case LogicalTypes.TimeMicros when baseTag == Schema.Type.Long && type == typeof(TimeSpan):
                return new ConvertingWriter<TimeSpan, long>(v => v.Ticks / (TimeSpan.TicksPerMillisecond / 1000), new LongWriter());
            case LogicalTypes.Uuid when baseTag == Schema.Type.String && type == typeof(Guid):
                return new ConvertingWriter<Guid, string>(v => v.ToString("D"), new StringWriter());
        }

        try
        {
            return Build(logical.BaseSchema, type, path);
        }
        catch (AvroMappingException)
        {
            throw Mismatch(logical, type, path);
        }
    }

    private object BuildRecord(RecordSchema record, Type type, string path)
    {
        if (type.IsValueType || type == typeof(string) || ClrTypes.IsPolymorphic(type))
        {
            throw Mismatch(record, type, path);
        }

        if (_records.TryGetValue((record, type), out var existing))
        {
            return existing;
        }

        var writer = Activator.CreateInstance(typeof(RecordWriter<>).MakeGenericType(type), record.Fullname)!;
        _records[(record, type)] = writer;
        try
        {
            InitializeRecord(record, type, path, writer);
        }
        catch
        {
            // A half-built writer must not be found by the next attempt (e.g. the next union branch).
            _records.Remove((record, type));
            throw;
        }

        return writer;
    }

    private void InitializeRecord(RecordSchema record, Type type, string path, object writer)
    {
        var fieldWriterType = typeof(FieldWriter<>).MakeGenericType(type);
        var fields = Array.CreateInstance(fieldWriterType, record.Fields.Count);
        for (var i = 0; i < record.Fields.Count; i++)
        {
            var field = record.Fields[i];
            var fieldPath = $"{path}.{field.Name}";
            var property = ClrTypes.PropertyFor(type, field);
            object fieldWriter;
            if (property?.GetGetMethod() is not null)
            {
                var valueWriter = Build(field.Schema, property.PropertyType, fieldPath);
                fieldWriter = Activator.CreateInstance(
                    typeof(PropertyFieldWriter<,>).MakeGenericType(type, property.PropertyType),
                    field.Name,
                    ClrTypes.Getter(property),
                    valueWriter)!;
            }
            else if (field.DefaultValue is not null)
            {
                fieldWriter = Activator.CreateInstance(
                    typeof(DefaultFieldWriter<>).MakeGenericType(type),
                    field.Name,
                    DefaultValueEncoder.Encode(field.DefaultValue, field.Schema, fieldPath))!;
            }
            else
            {
                throw new AvroMappingException(
                    $"{fieldPath}: {type.Name} has no readable property for this field and the field has no default. " +
                    $"Add a property with [AvroField(\"{field.Name}\")].");
            }

            fields.SetValue(fieldWriter, i);
        }

        writer.GetType().GetMethod(nameof(RecordWriter<object>.Initialize))!.Invoke(writer, [fields]);
    }

    private static object BuildEnum(EnumSchema schema, Type type, string path)
    {
        if (type == typeof(string))
        {
            return new EnumStringWriter(schema.Symbols.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal), schema.Fullname);
        }

        if (!type.IsEnum)
        {
            throw Mismatch(schema, type, path);
        }

        var indexByValue = typeof(Dictionary<,>).MakeGenericType(type, typeof(int));
        var map = Activator.CreateInstance(indexByValue)!;
        var add = indexByValue.GetMethod("Add")!;
        var matched = 0;
        foreach (var name in Enum.GetNames(type))
        {
            var index = EnumSymbols.IndexOf(schema, name);
            if (index >= 0)
            {
                add.Invoke(map, [Enum.Parse(type, name), index]);
                matched++;
            }
        }

        if (matched == 0)
        {
            throw new AvroMappingException($"{path}: no member of {type.Name} matches a symbol of enum {schema.Fullname} ({string.Join(", ", schema.Symbols)}).");
        }

        return Activator.CreateInstance(typeof(EnumWriter<>).MakeGenericType(type), map, schema.Fullname)!;
    }

    private object BuildArray(ArraySchema array, Type type, string path)
    {
        var itemType = ClrTypes.ItemType(type) ?? throw Mismatch(array, type, path);
        var itemWriter = Build(array.ItemSchema, itemType, $"{path}[]");
        return Activator.CreateInstance(typeof(ArrayWriter<,>).MakeGenericType(type, itemType), itemWriter)!;
    }

    private object BuildMap(MapSchema map, Type type, string path)
    {
        var valueType = ClrTypes.MapValueType(type) ?? throw Mismatch(map, type, path);
        var valueWriter = Build(map.ValueSchema, valueType, $"{path}[]");
        return Activator.CreateInstance(typeof(MapWriter<,>).MakeGenericType(type, valueType), valueWriter)!;
    }

    private object BuildUnion(UnionSchema union, Type type, string path)
    {
        var nullIndex = union.Schemas.ToList().FindIndex(s => s.Tag == Schema.Type.Null);
        var description = SchemaText.Describe(union);

        if (ClrTypes.IsPolymorphic(type))
        {
            var branches = union.Schemas.Select((s, i) => (Schema: s, Index: i)).Where(b => b.Index != nullIndex).ToList();
            Func<Type, (int, ValueWriter<object>)?> branchFor = runtimeType =>
            {
                lock (_gate)
                {
                    foreach (var (branch, index) in branches)
                    {
                        if (branch is NamedSchema named && named.Tag != Schema.Type.Enumeration && !ClrTypes.IsMappingOf(runtimeType, named))
                        {
                            continue;
                        }

                        if (TryBuild(branch, runtimeType, path) is { } writer)
                        {
                            var boxed = (ValueWriter<object>)Activator.CreateInstance(typeof(BoxedWriter<>).MakeGenericType(runtimeType), writer)!;
                            return (index, boxed);
                        }
                    }

                    return null;
                }
            };
            return Activator.CreateInstance(
                typeof(RuntimeTypeUnionWriter<>).MakeGenericType(type),
                nullIndex >= 0 ? nullIndex : null,
                branchFor,
                description)!;
        }

        var valueType = ClrTypes.NullableUnderlying(type) ?? type;
        var failures = new List<string>();
        for (var i = 0; i < union.Schemas.Count; i++)
        {
            if (i == nullIndex || TryBuild(union.Schemas[i], valueType, path, failures) is not { } inner)
            {
                continue;
            }

            if (nullIndex >= 0 && ClrTypes.NullableUnderlying(type) is not null)
            {
                return Activator.CreateInstance(typeof(NullableValueUnionWriter<>).MakeGenericType(valueType), nullIndex, i, inner)!;
            }

            if (nullIndex >= 0 && !type.IsValueType)
            {
                return Activator.CreateInstance(typeof(NullableReferenceUnionWriter<>).MakeGenericType(type), nullIndex, i, inner)!;
            }

            return Activator.CreateInstance(typeof(SingleBranchUnionWriter<>).MakeGenericType(type), i, inner)!;
        }

        var mismatch = Mismatch(union, type, path);
        throw failures.Count == 0 ? mismatch : new AvroMappingException($"{mismatch.Message} {string.Join(" ", failures)}");
    }

    private object? TryBuild(Schema schema, Type type, string path, List<string>? failures = null)
    {
        try
        {
            return Build(schema, type, path);
        }
        catch (AvroMappingException e)
        {
            // Only failures deeper than "this branch is another type" help the reader of the message.
            if (schema is RecordSchema)
            {
                failures?.Add(e.Message);
            }

            return null;
        }
    }

    private static AvroMappingException Mismatch(Schema schema, Type type, string path) =>
        new($"{path}: a .NET {TypeName(type)} cannot be written as Avro {SchemaText.Describe(schema)}.");

    internal static string TypeName(Type type) =>
        Nullable.GetUnderlyingType(type) is { } underlying
            ? TypeName(underlying) + "?"
            : type.IsGenericType
                ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
                : type.Name;
}
