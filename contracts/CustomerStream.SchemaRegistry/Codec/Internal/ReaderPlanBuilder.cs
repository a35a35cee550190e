using System.Reflection;
using Avro;

namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>
/// Builds the reader that turns data written with a writer schema into a .NET type shaped by a reader
/// schema, following Avro schema resolution: fields matched by name (or reader alias) whatever their
/// order, writer-only fields skipped, reader-only fields set from their defaults, numeric promotion
/// (int → long → float → double), string ↔ bytes, enum symbols by name, unions branch by branch.
/// Everything that can be decided from the schemas is decided here, once; what depends on the data
/// (a union branch or enum symbol the reader cannot take) fails only if it occurs.
/// </summary>
internal sealed class ReaderPlanBuilder
{
    private readonly Dictionary<(Schema Writer, Schema Reader, Type Type), object> _records = new(new SchemaTypeKeyComparer());
    private readonly Assembly[] _assemblies;

    public ReaderPlanBuilder(Type rootType)
    {
        _assemblies = [rootType.Assembly];
    }

    public ValueReader<T> Build<T>(Schema writer, Schema reader) =>
        (ValueReader<T>)Build(writer, reader, typeof(T), SchemaText.Describe(reader));

    private object Build(Schema writer, Schema reader, Type type, string path)
    {
        if (writer is UnionSchema writerUnion)
        {
            return BuildFromWriterUnion(writerUnion, reader, type, path);
        }

        if (reader is UnionSchema readerUnion)
        {
            return BuildIntoReaderUnion(writer, readerUnion, type, path);
        }

        if (reader is LogicalSchema readerLogical)
        {
            return BuildLogical(writer, readerLogical, type, path);
        }

        if (writer is LogicalSchema writerLogical)
        {
            return Build(writerLogical.BaseSchema, reader, type, path);
        }

        switch (reader)
        {
            case RecordSchema readerRecord:
                return writer is RecordSchema writerRecord && ClrTypes.NamesMatch(readerRecord, writerRecord)
                    ? BuildRecord(writerRecord, readerRecord, type, path)
                    : throw Unreadable(writer, reader, path);
            case EnumSchema readerEnum:
                return writer is EnumSchema writerEnum && ClrTypes.NamesMatch(readerEnum, writerEnum)
                    ? BuildEnum(writerEnum, readerEnum, type, path)
                    : throw Unreadable(writer, reader, path);
            case FixedSchema readerFixed:
                return writer is FixedSchema writerFixed && ClrTypes.NamesMatch(readerFixed, writerFixed) && writerFixed.Size == readerFixed.Size
                    ? type == typeof(byte[]) ? new FixedReader(readerFixed.Size) : throw Mismatch(reader, type, path)
                    : throw Unreadable(writer, reader, path);
            case ArraySchema readerArray:
                return writer is ArraySchema writerArray
                    ? BuildArray(writerArray, readerArray, type, path)
                    : throw Unreadable(writer, reader, path);
            case MapSchema readerMap:
                return writer is MapSchema writerMap
                    ? BuildMap(writerMap, readerMap, type, path)
                    : throw Unreadable(writer, reader, path);
        }

        return BuildPrimitive(writer, reader, type, path);
    }

    private object BuildPrimitive(Schema writer, Schema reader, Type type, string path)
    {
        var w = writer.Tag;
        object? result = (reader.Tag, w) switch
        {
            (Schema.Type.Null, Schema.Type.Null) when ClrTypes.AcceptsNull(type) =>
                Activator.CreateInstance(typeof(NullReader<>).MakeGenericType(type)),
            (Schema.Type.Boolean, Schema.Type.Boolean) when type == typeof(bool) => new BooleanReader(),
            (Schema.Type.Int, Schema.Type.Int) => IntTo(type),
            (Schema.Type.Long, Schema.Type.Int) => LongTo(new ConvertingReader<int, long>(new IntReader(), v => v), type),
            (Schema.Type.Long, Schema.Type.Long) => LongTo(new LongReader(), type),
            (Schema.Type.Float, _) when type == typeof(float) => FloatFrom(w),
            (Schema.Type.Float, _) when type == typeof(double) && FloatFrom(w) is ValueReader<float> f =>
                new ConvertingReader<float, double>(f, v => v),
            (Schema.Type.Double, _) when type == typeof(double) => DoubleFrom(w),
            (Schema.Type.String, Schema.Type.String or Schema.Type.Bytes) when type == typeof(string) => new StringReader(),
            (Schema.Type.Bytes, Schema.Type.Bytes or Schema.Type.String) when type == typeof(byte[]) => new BytesReader(),
            _ => null,
        };
        if (result is not null)
        {
            return result;
        }

        // Tell "the schemas don't resolve" apart from "the .NET type doesn't fit the reader schema".
        throw Resolves(w, reader.Tag) ? Mismatch(reader, type, path) : Unreadable(writer, reader, path);
    }

    private static object? IntTo(Type type) =>
        type == typeof(int) ? new IntReader()
        : type == typeof(long) ? new ConvertingReader<int, long>(new IntReader(), v => v)
        : null;

    private static object? LongTo(ValueReader<long> source, Type type) =>
        type == typeof(long) ? source : null;

    private static object? FloatFrom(Schema.Type writer) => writer switch
    {
        Schema.Type.Float => new FloatReader(),
        Schema.Type.Int => new ConvertingReader<int, float>(new IntReader(), v => v),
        Schema.Type.Long => new ConvertingReader<long, float>(new LongReader(), v => v),
        _ => null,
    };

    private static object? DoubleFrom(Schema.Type writer) => writer switch
    {
        Schema.Type.Double => new DoubleReader(),
        Schema.Type.Float => new ConvertingReader<float, double>(new FloatReader(), v => v),
        Schema.Type.Int => new ConvertingReader<int, double>(new IntReader(), v => v),
        Schema.Type.Long => new ConvertingReader<long, double>(new LongReader(), v => v),
        _ => null,
    };

    /// <summary>Avro's primitive resolution: same type, numeric promotion, or string ↔ bytes.</summary>
    internal static bool Resolves(Schema.Type writer, Schema.Type reader) =>
        writer == reader
        || (writer, reader) is (Schema.Type.Int, Schema.Type.Long or Schema.Type.Float or Schema.Type.Double)
            or (Schema.Type.Long, Schema.Type.Float or Schema.Type.Double)
            or (Schema.Type.Float, Schema.Type.Double)
            or (Schema.Type.String, Schema.Type.Bytes)
            or (Schema.Type.Bytes, Schema.Type.String);

    private object BuildLogical(Schema writer, LogicalSchema reader, Type type, string path)
    {
        var writerLogical = writer as LogicalSchema;
        var writerBase = writerLogical?.BaseSchema ?? writer;
        var name = reader.LogicalTypeName;

        if (name == LogicalTypes.Decimal && type == typeof(decimal))
        {
            // The writer's scale decides what its bytes mean; System.Decimal holds either exactly.
            var scale = writerLogical?.LogicalTypeName == LogicalTypes.Decimal
                ? LogicalTypes.DecimalParameters(writerLogical).Scale
                : LogicalTypes.DecimalParameters(reader).Scale;
            return writerBase switch
            {
                FixedSchema fixedSchema when reader.BaseSchema is FixedSchema => new DecimalFixedReader(scale, fixedSchema.Size),
                _ when writerBase.Tag is Schema.Type.Bytes or Schema.Type.String && reader.BaseSchema.Tag == Schema.Type.Bytes =>
                    new DecimalBytesReader(scale),
                _ => throw Unreadable(writer, reader, path),
            };
        }

        if (LogicalTypes.IsTemporalLong(name) && (type == typeof(DateTime) || type == typeof(DateTimeOffset)))
        {
            // Units follow the writer when it says what they are: micros read as millis would be off by 1000.
            var unitSource = LogicalTypes.IsTemporalLong(writerLogical?.LogicalTypeName) ? writerLogical!.LogicalTypeName : name;
            var source = (ValueReader<long>)(BuildPrimitive(writerBase, reader.BaseSchema, typeof(long), path));
            Func<long, DateTime> convert = unitSource switch
            {
                LogicalTypes.TimestampMillis => Temporal.FromUnixMillis,
                LogicalTypes.TimestampMicros => Temporal.FromUnixMicros,
                LogicalTypes.LocalTimestampMillis => Temporal.FromLocalMillis,
                _ => Temporal.FromLocalMicros,
            };
            Func<long, DateTime> guarded = v => Guard(convert, v);
            return type == typeof(DateTime)
                ? new ConvertingReader<long, DateTime>(source, guarded)
                : new ConvertingReader<long, DateTimeOffset>(source, v => new DateTimeOffset(DateTime.SpecifyKind(guarded(v), DateTimeKind.Utc)));
        }

        if (name == LogicalTypes.Date && (type == typeof(DateOnly) || type == typeof(DateTime)))
        {
            var source = (ValueReader<int>)BuildPrimitive(writerBase, reader.BaseSchema, typeof(int), path);
            return type == typeof(DateOnly)
                ? new ConvertingReader<int, DateOnly>(source, Temporal.FromEpochDays)
                : new ConvertingReader<int, DateTime>(source, v => Temporal.FromEpochDays(v).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        }

        if (name == LogicalTypes.TimeMillis && (type == typeof(TimeOnly) || type == typeof(TimeSpan)))
        {
            var source = (ValueReader<int>)BuildPrimitive(writerBase, reader.BaseSchema, typeof(int), path);
            return type == typeof(TimeOnly)
                ? new ConvertingReader<int, TimeOnly>(source, Temporal.FromTimeMillis)
                : new ConvertingReader<int, TimeSpan>(source, v => TimeSpan.FromMilliseconds(v));
        }

        if (name == LogicalTypes.TimeMicros && (type == typeof(TimeOnly) || type == typeof(TimeSpan)))
        {
            var source = (ValueReader<long>)BuildPrimitive(writerBase, reader.BaseSchema, typeof(long), path);
            return type == typeof(TimeOnly)
                ? new ConvertingReader<long, TimeOnly>(source, Temporal.FromTimeMicros)
                : new ConvertingReader<long, TimeSpan>(source, v => TimeSpan.FromMicroseconds(v));
        }

        if (name == LogicalTypes.Uuid && type == typeof(Guid))
        {
            var source = (ValueReader<string>)BuildPrimitive(writerBase, reader.BaseSchema, typeof(string), path);
            return new ConvertingReader<string, Guid>(source, v => Guid.TryParse(v, out var g) ? g : throw new AvroDataException($"'{v}' is not a UUID."));
        }

        return Build(writerBase, reader.BaseSchema, type, path);
    }

    private static DateTime Guard(Func<long, DateTime> convert, long value)
    {
        try
        {
            return convert(value);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw new AvroDataException($"Timestamp {value} is outside the range of DateTime.", e);
        }
    }

    private object BuildFromWriterUnion(UnionSchema writer, Schema reader, Type type, string path)
    {
        var branches = Array.CreateInstance(typeof(ValueReader<>).MakeGenericType(type), writer.Count);
        var readable = 0;
        var failures = new List<string>();
        for (var i = 0; i < writer.Count; i++)
        {
            object branch;
            try
            {
                branch = Build(writer.Schemas[i], reader, type, path);
                readable++;
            }
            catch (AvroMappingException e)
            {
                failures.Add(e.Message);
                branch = Activator.CreateInstance(
                    typeof(FailingReader<>).MakeGenericType(type),
                    $"The writer chose union branch {SchemaText.Describe(writer.Schemas[i])}, which the reader cannot read: {e.Message}")!;
            }

            branches.SetValue(branch, i);
        }

        if (readable == 0)
        {
            throw new AvroMappingException($"{path}: no branch of the writer's union {SchemaText.Describe(writer)} can be read as {SchemaText.Describe(reader)}. {string.Join(" ", failures)}");
        }

        return Activator.CreateInstance(typeof(WriterUnionReader<>).MakeGenericType(type), branches)!;
    }

    private object BuildIntoReaderUnion(Schema writer, UnionSchema reader, Type type, string path)
    {
        var index = MatchingBranch(reader, writer);
        if (index < 0)
        {
            throw Unreadable(writer, reader, path);
        }

        var branch = reader.Schemas[index];
        if (branch.Tag == Schema.Type.Null)
        {
            return ClrTypes.AcceptsNull(type)
                ? Activator.CreateInstance(typeof(NullReader<>).MakeGenericType(type))!
                : throw Mismatch(reader, type, path);
        }

        if (ClrTypes.NullableUnderlying(type) is { } underlying)
        {
            var inner = Build(writer, branch, underlying, path);
            return Adapt(inner, underlying, type);
        }

        if (ClrTypes.IsPolymorphic(type))
        {
            var branchType = NaturalType(branch, type) ?? throw new AvroMappingException(
                $"{path}: no .NET type assignable to {WriterPlanBuilder.TypeName(type)} maps {SchemaText.Describe(branch)}; " +
                "give the type the schema's name (or its [AvroContract] full name).");
            var inner = Build(writer, branch, branchType, path);
            return Adapt(inner, branchType, type);
        }

        return Build(writer, branch, type, path);
    }

    /// <summary>Avro's rule: the first reader branch of the writer's exact type, else the first it promotes to.</summary>
    internal static int MatchingBranch(UnionSchema reader, Schema writer)
    {
        var writerBase = writer is LogicalSchema wl ? wl.BaseSchema : writer;
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < reader.Count; i++)
            {
                var branch = reader.Schemas[i] is LogicalSchema bl ? bl.BaseSchema : reader.Schemas[i];
                var matches = (branch, writerBase) switch
                {
                    (NamedSchema r, NamedSchema w) => r.Tag == w.Tag && ClrTypes.NamesMatch(r, w),
                    (NamedSchema, _) or (_, NamedSchema) => false,
                    _ => pass == 0 ? branch.Tag == writerBase.Tag : Resolves(writerBase.Tag, branch.Tag),
                };
                if (matches)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private Type? NaturalType(Schema branch, Type declared)
    {
        Type? natural = branch switch
        {
            LogicalSchema { LogicalTypeName: LogicalTypes.Decimal } => typeof(decimal),
            LogicalSchema { LogicalTypeName: var n } when LogicalTypes.IsTemporalLong(n) => typeof(DateTime),
            LogicalSchema { LogicalTypeName: LogicalTypes.Date } => typeof(DateOnly),
            LogicalSchema { LogicalTypeName: LogicalTypes.Uuid } => typeof(Guid),
            LogicalSchema logical => NaturalType(logical.BaseSchema, declared),
            NamedSchema named when named.Tag is Schema.Type.Record or Schema.Type.Enumeration =>
                ContractTypeNames.Find(named, declared, _assemblies),
            FixedSchema => typeof(byte[]),
            ArraySchema array => NaturalType(array.ItemSchema, typeof(object)) is { } item ? typeof(List<>).MakeGenericType(item) : null,
            MapSchema map => NaturalType(map.ValueSchema, typeof(object)) is { } value ? typeof(Dictionary<,>).MakeGenericType(typeof(string), value) : null,
            _ => branch.Tag switch
            {
                Schema.Type.Boolean => typeof(bool),
                Schema.Type.Int => typeof(int),
                Schema.Type.Long => typeof(long),
                Schema.Type.Float => typeof(float),
                Schema.Type.Double => typeof(double),
                Schema.Type.String => typeof(string),
                Schema.Type.Bytes => typeof(byte[]),
                _ => null,
            },
        };
        return natural is not null && declared.IsAssignableFrom(natural) ? natural : null;
    }

    /// <summary>Wraps a reader of <paramref name="from"/> as a reader of <paramref name="to"/> (nullable, boxing or base type).</summary>
    private static object Adapt(object inner, Type from, Type to)
    {
        var method = typeof(ReaderPlanBuilder).GetMethod(nameof(AdaptTyped), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(from, to);
        return method.Invoke(null, [inner])!;
    }

    private static ValueReader<TTo> AdaptTyped<TFrom, TTo>(ValueReader<TFrom> inner) =>
        new ConvertingReader<TFrom, TTo>(inner, static v => (TTo)(object)v!);

    private object BuildRecord(RecordSchema writer, RecordSchema reader, Type type, string path)
    {
        if (type.IsValueType || type == typeof(string))
        {
            throw Mismatch(reader, type, path);
        }

        if (_records.TryGetValue((writer, reader, type), out var existing))
        {
            return existing;
        }

        var factory = ClrTypes.Factory(type) ?? throw new AvroMappingException(
            $"{path}: {WriterPlanBuilder.TypeName(type)} needs a public parameterless constructor to be read as {SchemaText.Describe(reader)}.");
        var recordReader = Activator.CreateInstance(typeof(RecordReader<>).MakeGenericType(type), factory)!;
        _records[(writer, reader, type)] = recordReader;
        try
        {
            InitializeRecord(writer, reader, type, path, recordReader);
        }
        catch
        {
            _records.Remove((writer, reader, type));
            throw;
        }

        return recordReader;
    }

    private void InitializeRecord(RecordSchema writer, RecordSchema reader, Type type, string path, object recordReader)
    {
        var steps = new List<object>();
        var matchedReaderFields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var writerField in writer.Fields)
        {
            var readerField = ReaderFieldFor(reader, writerField.Name);
            var property = readerField is null ? null : ClrTypes.PropertyFor(type, readerField);
            if (readerField is not null)
            {
                matchedReaderFields.Add(readerField.Name);
            }

            var fieldPath = $"{path}.{readerField?.Name ?? writerField.Name}";
            if (readerField is null || property is null)
            {
                steps.Add(Activator.CreateInstance(typeof(SkipFieldStep<>).MakeGenericType(type), writerField.Name, Skipper.For(writerField.Schema))!);
                continue;
            }

            var setter = ClrTypes.Setter(type, property) ?? throw new AvroMappingException(
                $"{fieldPath}: property {type.Name}.{property.Name} has no setter.");
            var valueReader = Build(writerField.Schema, readerField.Schema, property.PropertyType, fieldPath);
            steps.Add(Activator.CreateInstance(
                typeof(PropertyFieldStep<,>).MakeGenericType(type, property.PropertyType),
                readerField.Name,
                setter,
                valueReader)!);
        }

        foreach (var readerField in reader.Fields.Where(f => !matchedReaderFields.Contains(f.Name)))
        {
            var fieldPath = $"{path}.{readerField.Name}";
            if (readerField.DefaultValue is null)
            {
                throw new AvroMappingException(
                    $"{fieldPath}: the reader's field '{readerField.Name}' is missing from the writer's schema and has no default.");
            }

            var encoded = DefaultValueEncoder.Encode(readerField.DefaultValue, readerField.Schema, fieldPath);
            if (ClrTypes.PropertyFor(type, readerField) is not { } property)
            {
                continue;
            }

            var setter = ClrTypes.Setter(type, property) ?? throw new AvroMappingException(
                $"{fieldPath}: property {type.Name}.{property.Name} has no setter.");
            var defaultReader = Build(readerField.Schema, readerField.Schema, property.PropertyType, fieldPath);
            var factory = typeof(ReaderPlanBuilder).GetMethod(nameof(DefaultFactory), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(property.PropertyType)
                .Invoke(null, [defaultReader, encoded])!;
            steps.Add(Activator.CreateInstance(
                typeof(DefaultFieldStep<,>).MakeGenericType(type, property.PropertyType),
                readerField.Name,
                setter,
                factory)!);
        }

        var array = Array.CreateInstance(typeof(FieldStep<>).MakeGenericType(type), steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            array.SetValue(steps[i], i);
        }

        recordReader.GetType().GetMethod(nameof(RecordReader<object>.Initialize))!.Invoke(recordReader, [array]);
    }

    /// <summary>
    /// Decodes the default's bytes: once for immutable values, per record for lists, maps and records,
    /// so that no two records share a mutable default.
    /// </summary>
    private static Func<T> DefaultFactory<T>(ValueReader<T> reader, byte[] encoded)
    {
        var once = Decode(reader, encoded);
        if (once is null || typeof(T).IsValueType || once is string)
        {
            return () => once;
        }

        return () => Decode(reader, encoded);
    }

    private static T Decode<T>(ValueReader<T> reader, byte[] encoded)
    {
        var input = new AvroInput(encoded);
        return reader.Read(ref input);
    }

    private static Field? ReaderFieldFor(RecordSchema reader, string writerFieldName)
    {
        if (reader.TryGetField(writerFieldName, out var field))
        {
            return field;
        }

        return reader.Fields.FirstOrDefault(f => f.Aliases?.Contains(writerFieldName) == true);
    }

    private object BuildEnum(EnumSchema writer, EnumSchema reader, Type type, string path)
    {
        if (type != typeof(string) && !type.IsEnum)
        {
            throw Mismatch(reader, type, path);
        }

        var values = Array.CreateInstance(type, writer.Symbols.Count);
        var failures = new string?[writer.Symbols.Count];
        for (var i = 0; i < writer.Symbols.Count; i++)
        {
            var symbol = writer.Symbols[i];
            var readerSymbol = reader.Symbols.Contains(symbol) ? symbol : reader.Default;
            if (readerSymbol is null)
            {
                failures[i] = $"The writer's symbol '{symbol}' is not in the reader's enum {reader.Fullname}, which has no default symbol.";
                continue;
            }

            if (type == typeof(string))
            {
                values.SetValue(readerSymbol, i);
                continue;
            }

            var member = Enum.GetNames(type).FirstOrDefault(n => n == readerSymbol)
                ?? Enum.GetNames(type).SingleOrDefault(n => string.Equals(n, readerSymbol, StringComparison.OrdinalIgnoreCase))
                ?? throw new AvroMappingException($"{path}: {type.Name} has no member for the symbol '{readerSymbol}' of enum {reader.Fullname}.");
            values.SetValue(Enum.Parse(type, member), i);
        }

        return Activator.CreateInstance(typeof(EnumReader<>).MakeGenericType(type), values, failures)!;
    }

    private object BuildArray(ArraySchema writer, ArraySchema reader, Type type, string path)
    {
        var itemType = ClrTypes.ItemType(type) ?? throw Mismatch(reader, type, path);
        var finish = ClrTypes.ListFinisher(type, itemType) ?? throw Mismatch(reader, type, path);
        var item = Build(writer.ItemSchema, reader.ItemSchema, itemType, $"{path}[]");
        return Activator.CreateInstance(typeof(ArrayReader<,>).MakeGenericType(type, itemType), item, finish)!;
    }

    private object BuildMap(MapSchema writer, MapSchema reader, Type type, string path)
    {
        var valueType = ClrTypes.MapValueType(type) ?? throw Mismatch(reader, type, path);
        var finish = ClrTypes.MapFinisher(type, valueType) ?? throw Mismatch(reader, type, path);
        var value = Build(writer.ValueSchema, reader.ValueSchema, valueType, $"{path}[]");
        return Activator.CreateInstance(typeof(MapReader<,>).MakeGenericType(type, valueType), value, finish)!;
    }

    private static AvroMappingException Unreadable(Schema writer, Schema reader, string path) =>
        new($"{path}: data written as {SchemaText.Describe(writer)} cannot be read as {SchemaText.Describe(reader)}.");

    private static AvroMappingException Mismatch(Schema reader, Type type, string path) =>
        new($"{path}: Avro {SchemaText.Describe(reader)} cannot be read into a .NET {WriterPlanBuilder.TypeName(type)}.");
}
