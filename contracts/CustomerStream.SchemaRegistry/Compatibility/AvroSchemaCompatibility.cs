using Avro;
using CustomerStream.SchemaRegistry.Codec.Internal;

namespace CustomerStream.SchemaRegistry.Compatibility;

/// <summary>
/// Whether data written with one Avro schema can be read with another, by Avro's schema resolution
/// rules, and if not, every reason why with the field it concerns. Pure: no I/O, no state.
/// </summary>
public static class AvroSchemaCompatibility
{
    /// <summary>
    /// The reasons <paramref name="reader"/> cannot read data written with <paramref name="writer"/>;
    /// empty when it can. The labels name the two schemas in the descriptions (e.g. "the new schema",
    /// "version 3").
    /// </summary>
    public static IReadOnlyList<SchemaIncompatibility> CanRead(
        Schema reader,
        Schema writer,
        string readerLabel = "the reader",
        string writerLabel = "the writer")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        var walk = new Walk(readerLabel, writerLabel);
        walk.Check(reader, writer, "", "");
        return walk.Found;
    }

    private sealed class Walk(string readerLabel, string writerLabel)
    {
        // Named pairs already being compared: recursive schemas are assumed compatible on the way back in.
        private readonly HashSet<(Schema, Schema)> _inProgress = new(new PairComparer());

        public List<SchemaIncompatibility> Found { get; } = [];

        public void Check(Schema reader, Schema writer, string location, string field)
        {
            if (writer is UnionSchema writerUnion)
            {
                for (var i = 0; i < writerUnion.Count; i++)
                {
                    Check(reader, writerUnion.Schemas[i], location, field);
                }

                return;
            }

            if (reader is UnionSchema readerUnion)
            {
                CheckReaderUnion(readerUnion, writer, location, field);
                return;
            }

            CheckLogical(reader, writer, location, field);
            var r = reader is LogicalSchema rl ? rl.BaseSchema : reader;
            var w = writer is LogicalSchema wl ? wl.BaseSchema : writer;

            switch (r)
            {
                case RecordSchema readerRecord when w is RecordSchema writerRecord:
                    if (NameMatches(readerRecord, writerRecord, location, field))
                    {
                        CheckRecord(readerRecord, writerRecord, location, field);
                    }

                    return;
                case EnumSchema readerEnum when w is EnumSchema writerEnum:
                    if (NameMatches(readerEnum, writerEnum, location, field))
                    {
                        var missing = writerEnum.Symbols.Where(s => !readerEnum.Symbols.Contains(s)).ToList();
                        if (missing.Count > 0 && readerEnum.Default is null)
                        {
                            Add(IncompatibilityKind.MissingEnumSymbols, $"{location}/symbols", field,
                                $"{Subject(field)}enum {readerEnum.Fullname} in {readerLabel} lacks the symbol(s) {string.Join(", ", missing)} " +
                                $"that {writerLabel} can write, and has no default symbol");
                        }
                    }

                    return;
                case FixedSchema readerFixed when w is FixedSchema writerFixed:
                    if (NameMatches(readerFixed, writerFixed, location, field) && readerFixed.Size != writerFixed.Size)
                    {
                        Add(IncompatibilityKind.FixedSizeMismatch, $"{location}/size", field,
                            $"{Subject(field)}fixed {readerFixed.Fullname} is {readerFixed.Size} bytes in {readerLabel} but {writerFixed.Size} in {writerLabel}");
                    }

                    return;
                case ArraySchema readerArray when w is ArraySchema writerArray:
                    Check(readerArray.ItemSchema, writerArray.ItemSchema, $"{location}/items", field + "[]");
                    return;
                case MapSchema readerMap when w is MapSchema writerMap:
                    Check(readerMap.ValueSchema, writerMap.ValueSchema, $"{location}/values", field + "[]");
                    return;
                case NamedSchema or ArraySchema or MapSchema:
                    TypeMismatch(reader, writer, location, field);
                    return;
            }

            if (w is NamedSchema or ArraySchema or MapSchema || !ReaderPlanBuilder.Resolves(w.Tag, r.Tag))
            {
                TypeMismatch(reader, writer, location, field);
            }
        }

        private void CheckReaderUnion(UnionSchema reader, Schema writer, string location, string field)
        {
            var index = ReaderPlanBuilder.MatchingBranch(reader, writer);
            if (index < 0)
            {
                Add(IncompatibilityKind.MissingUnionBranch, location, field,
                    $"{Subject(field)}{writerLabel} can write {SchemaText.Describe(writer)}, which no branch of the union " +
                    $"{SchemaText.Describe(reader)} in {readerLabel} can read");
                return;
            }

            Check(reader.Schemas[index], writer, $"{location}/{index}", field);
        }

        private void CheckLogical(Schema reader, Schema writer, string location, string field)
        {
            if (reader is not LogicalSchema readerLogical || writer is not LogicalSchema writerLogical)
            {
                return;
            }

            if (readerLogical.LogicalTypeName == LogicalTypes.Decimal && writerLogical.LogicalTypeName == LogicalTypes.Decimal)
            {
                var (readerPrecision, readerScale) = LogicalTypes.DecimalParameters(readerLogical);
                var (writerPrecision, writerScale) = LogicalTypes.DecimalParameters(writerLogical);
                if (readerScale != writerScale || readerPrecision < writerPrecision)
                {
                    Add(IncompatibilityKind.DecimalMismatch, location, field,
                        $"{Subject(field)}decimal({readerPrecision},{readerScale}) in {readerLabel} cannot faithfully read " +
                        $"decimal({writerPrecision},{writerScale}) written by {writerLabel} (the scale must stay and the precision must not shrink)");
                }

                return;
            }

            var readerUnit = TemporalUnit(readerLogical.LogicalTypeName);
            var writerUnit = TemporalUnit(writerLogical.LogicalTypeName);
            if (readerUnit is not null && writerUnit is not null && readerLogical.LogicalTypeName != writerLogical.LogicalTypeName)
            {
                Add(IncompatibilityKind.LogicalTypeMismatch, location, field,
                    $"{Subject(field)}{readerLogical.LogicalTypeName} in {readerLabel} would misread {writerLogical.LogicalTypeName} written by {writerLabel}");
            }
        }

        private static string? TemporalUnit(string name) => name switch
        {
            LogicalTypes.TimestampMillis or LogicalTypes.LocalTimestampMillis or LogicalTypes.TimeMillis => "millis",
            LogicalTypes.TimestampMicros or LogicalTypes.LocalTimestampMicros or LogicalTypes.TimeMicros => "micros",
            _ => null,
        };

        private void CheckRecord(RecordSchema reader, RecordSchema writer, string location, string field)
        {
            if (!_inProgress.Add((reader, writer)))
            {
                return;
            }

            for (var i = 0; i < reader.Fields.Count; i++)
            {
                var readerField = reader.Fields[i];
                var fieldPath = field.Length == 0 ? readerField.Name : $"{field}.{readerField.Name}";
                var writerField = WriterFieldFor(writer, readerField);
                if (writerField is null)
                {
                    if (readerField.DefaultValue is null)
                    {
                        Add(IncompatibilityKind.ReaderFieldMissingDefaultValue, $"{location}/fields/{i}", fieldPath,
                            $"field '{fieldPath}' of {reader.Fullname} is in {readerLabel} but not in {writerLabel}, and has no default value");
                    }

                    continue;
                }

                Check(readerField.Schema, writerField.Schema, $"{location}/fields/{i}/type", fieldPath);
            }

            _inProgress.Remove((reader, writer));
        }

        private static Field? WriterFieldFor(RecordSchema writer, Field readerField)
        {
            if (writer.TryGetField(readerField.Name, out var byName))
            {
                return byName;
            }

            return readerField.Aliases?.Select(a => writer.TryGetField(a, out var byAlias) ? byAlias : null).FirstOrDefault(f => f is not null);
        }

        private bool NameMatches(NamedSchema reader, NamedSchema writer, string location, string field)
        {
            if (ClrTypes.NamesMatch(reader, writer))
            {
                return true;
            }

            Add(IncompatibilityKind.NameMismatch, $"{location}/name", field,
                $"{Subject(field)}{readerLabel} names the type {reader.Fullname} where {writerLabel} has {writer.Fullname} " +
                $"(keep the name, or give the new one the alias \"{writer.Fullname}\")");
            return false;
        }

        private void TypeMismatch(Schema reader, Schema writer, string location, string field) =>
            Add(IncompatibilityKind.TypeMismatch, location, field,
                $"{Subject(field)}{SchemaText.Describe(reader)} in {readerLabel} cannot read {SchemaText.Describe(writer)} written by {writerLabel}");

        private static string Subject(string field) => field.Length == 0 ? "" : $"field '{field}': ";

        private void Add(IncompatibilityKind kind, string location, string field, string description) =>
            Found.Add(new SchemaIncompatibility(kind, location.Length == 0 ? "/" : location, field, description));
    }

    private sealed class PairComparer : IEqualityComparer<(Schema, Schema)>
    {
        public bool Equals((Schema, Schema) x, (Schema, Schema) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((Schema, Schema) obj) =>
            HashCode.Combine(
                System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1),
                System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item2));
    }
}
