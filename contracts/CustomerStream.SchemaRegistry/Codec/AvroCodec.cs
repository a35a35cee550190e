using System.Collections.Concurrent;
using Avro;
using CustomerStream.SchemaRegistry.Codec.Internal;

namespace CustomerStream.SchemaRegistry.Codec;

/// <summary>
/// Entry point of the Avro codec: writers and readers for .NET types, built once per schema and
/// cached. .NET mapping: <c>string</c>, <c>bool</c>, <c>int</c>, <c>long</c>, <c>float</c>,
/// <c>double</c>, <c>byte[]</c>; <c>decimal</c> for decimal (bytes or fixed); <c>DateTime</c> (UTC)
/// or <c>DateTimeOffset</c> for timestamp-millis/micros; <c>DateOnly</c> for date; <c>TimeOnly</c>
/// or <c>TimeSpan</c> for time-millis/micros; <c>Guid</c> for uuid; enums by symbol name; unions
/// with null as nullable types; other unions as <c>object</c> or a base type; arrays as
/// <c>List&lt;T&gt;</c>, <c>T[]</c> or sequence interfaces; maps as <c>Dictionary&lt;string,T&gt;</c>;
/// records as classes with a parameterless constructor and properties named by
/// <c>[Avro.Reflect.AvroField("name")]</c> (or by name, or snake_case name).
/// </summary>
public static class AvroCodec
{
    private static readonly ConcurrentDictionary<(Schema Schema, Type Type), object> Writers = new(new SchemaTypeKeyComparer());
    private static readonly ConcurrentDictionary<(Schema Writer, Schema Reader, Type Type), object> Readers = new(new SchemaTypeKeyComparer());

    /// <summary>The writer of <typeparamref name="T"/> for <paramref name="schema"/> (cached per schema instance).</summary>
    /// <exception cref="AvroMappingException">The type does not fit the schema; the message names the field.</exception>
    public static AvroWriter<T> Writer<T>(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return (AvroWriter<T>)Writers.GetOrAdd(
            (schema, typeof(T)),
            static key => new AvroWriter<T>(key.Schema, new WriterPlanBuilder(typeof(T)).Build<T>(key.Schema)));
    }

    /// <summary>
    /// The reader of data written with <paramref name="writerSchema"/> into <typeparamref name="T"/>
    /// shaped by <paramref name="readerSchema"/> (cached per pair of schema instances).
    /// </summary>
    /// <exception cref="AvroMappingException">The writer schema cannot be resolved to the reader schema, or the type does not fit the reader schema; the message names the field.</exception>
    public static AvroReader<T> Reader<T>(Schema writerSchema, Schema readerSchema)
    {
        ArgumentNullException.ThrowIfNull(writerSchema);
        ArgumentNullException.ThrowIfNull(readerSchema);
        return (AvroReader<T>)Readers.GetOrAdd(
            (writerSchema, readerSchema, typeof(T)),
            static key => new AvroReader<T>(key.Writer, key.Reader, new ReaderPlanBuilder(typeof(T)).Build<T>(key.Writer, key.Reader)));
    }

    /// <summary>The reader for data written with the same schema it is read with.</summary>
    public static AvroReader<T> Reader<T>(Schema schema) => Reader<T>(schema, schema);

    /// <summary>
    /// Checks that every field default in <paramref name="schema"/> is a valid value of its field's
    /// type (Apache.Avro's parser does not), as Confluent's registry does before registering.
    /// </summary>
    /// <exception cref="AvroMappingException">A default does not match its type; the message names the field.</exception>
    public static void ValidateDefaults(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ValidateDefaults(schema, SchemaText.Describe(schema), new HashSet<Schema>(ReferenceEqualityComparer.Instance));
    }

    private static void ValidateDefaults(Schema schema, string path, HashSet<Schema> seen)
    {
        switch (schema)
        {
            case RecordSchema record when seen.Add(record):
                foreach (var field in record.Fields)
                {
                    var fieldPath = $"{record.Fullname}.{field.Name}";
                    if (field.DefaultValue is not null)
                    {
                        DefaultValueEncoder.Encode(field.DefaultValue, field.Schema, fieldPath);
                    }

                    ValidateDefaults(field.Schema, fieldPath, seen);
                }

                break;
            case ArraySchema array:
                ValidateDefaults(array.ItemSchema, path, seen);
                break;
            case MapSchema map:
                ValidateDefaults(map.ValueSchema, path, seen);
                break;
            case UnionSchema union:
                foreach (var branch in union.Schemas)
                {
                    ValidateDefaults(branch, path, seen);
                }

                break;
        }
    }
}
