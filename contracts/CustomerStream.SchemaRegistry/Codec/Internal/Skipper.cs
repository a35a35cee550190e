using Avro;

namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>Skips one value written with a given schema (a writer field the reader does not have).</summary>
internal abstract class Skipper
{
    public abstract void Skip(ref AvroInput input);

    /// <summary>The skipper for <paramref name="schema"/>; records are shared so that recursive schemas terminate.</summary>
    public static Skipper For(Schema schema) => For(schema, new Dictionary<Schema, RecordSkipper>(ReferenceEqualityComparer.Instance));

    private static Skipper For(Schema schema, Dictionary<Schema, RecordSkipper> records)
    {
        switch (schema)
        {
            case LogicalSchema logical:
                return For(logical.BaseSchema, records);
            case RecordSchema record:
                if (records.TryGetValue(record, out var existing))
                {
                    return existing;
                }

                var skipper = new RecordSkipper();
                records[record] = skipper;
                skipper.Fields = record.Fields.Select(f => For(f.Schema, records)).ToArray();
                return skipper;
            case EnumSchema:
                return new VarintSkipper();
            case FixedSchema fixedSchema:
                return new FixedSkipper(fixedSchema.Size);
            case ArraySchema array:
                return new BlockSkipper(For(array.ItemSchema, records), isMap: false);
            case MapSchema map:
                return new BlockSkipper(For(map.ValueSchema, records), isMap: true);
            case UnionSchema union:
                return new UnionSkipper(union.Schemas.Select(s => For(s, records)).ToArray());
        }

        return schema.Tag switch
        {
            Schema.Type.Null => new FixedSkipper(0),
            Schema.Type.Boolean => new FixedSkipper(1),
            Schema.Type.Int or Schema.Type.Long => new VarintSkipper(),
            Schema.Type.Float => new FixedSkipper(4),
            Schema.Type.Double => new FixedSkipper(8),
            Schema.Type.Bytes or Schema.Type.String => new LengthPrefixedSkipper(),
            _ => throw new AvroMappingException($"Cannot skip values of Avro type {schema.Tag}."),
        };
    }

    private sealed class FixedSkipper(int size) : Skipper
    {
        public override void Skip(ref AvroInput input) => input.ReadSpan(size);
    }

    private sealed class VarintSkipper : Skipper
    {
        public override void Skip(ref AvroInput input) => input.ReadLong();
    }

    private sealed class LengthPrefixedSkipper : Skipper
    {
        public override void Skip(ref AvroInput input) => input.ReadBytesSpan();
    }

    private sealed class RecordSkipper : Skipper
    {
        public Skipper[] Fields { get; set; } = [];

        public override void Skip(ref AvroInput input)
        {
            foreach (var field in Fields)
            {
                field.Skip(ref input);
            }
        }
    }

    private sealed class UnionSkipper(Skipper[] branches) : Skipper
    {
        public override void Skip(ref AvroInput input)
        {
            var index = input.ReadLong();
            if ((ulong)index >= (ulong)branches.Length)
            {
                throw new AvroDataException($"Union branch {index} does not exist (the writer's union has {branches.Length}).");
            }

            branches[index].Skip(ref input);
        }
    }

    private sealed class BlockSkipper(Skipper item, bool isMap) : Skipper
    {
        public override void Skip(ref AvroInput input)
        {
            long count;
            while ((count = input.ReadBlockCountForSkip()) != 0)
            {
                for (var i = 0L; i < count; i++)
                {
                    if (isMap)
                    {
                        input.ReadBytesSpan();
                    }

                    item.Skip(ref input);
                }
            }
        }
    }
}
