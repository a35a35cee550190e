using Avro;

namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>Short human descriptions of schemas for error messages (full JSON would drown the point).</summary>
internal static class SchemaText
{
    public static string Describe(Schema schema) => schema switch
    {
        LogicalSchema logical when logical.LogicalTypeName == LogicalTypes.Decimal =>
            $"{Describe(logical.BaseSchema)}(decimal {LogicalTypes.DecimalParameters(logical).Precision},{LogicalTypes.DecimalParameters(logical).Scale})",
        LogicalSchema logical => $"{Describe(logical.BaseSchema)}({logical.LogicalTypeName})",
        RecordSchema record => $"record {record.Fullname}",
        EnumSchema enumSchema => $"enum {enumSchema.Fullname}",
        FixedSchema fixedSchema => $"fixed {fixedSchema.Fullname}[{fixedSchema.Size}]",
        ArraySchema array => $"array<{Describe(array.ItemSchema)}>",
        MapSchema map => $"map<{Describe(map.ValueSchema)}>",
        UnionSchema union => $"[{string.Join(", ", union.Schemas.Select(Describe))}]",
        _ => schema.Tag.ToString().ToLowerInvariant(),
    };
}
