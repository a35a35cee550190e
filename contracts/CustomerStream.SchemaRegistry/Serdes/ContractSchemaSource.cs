using System.Reflection;
using Avro;
using CustomerStream.Contracts;

namespace CustomerStream.SchemaRegistry.Serdes;

/// <summary>Where the serdes take a type's schema from when none is given: the contract's <c>.avsc</c>.</summary>
internal static class ContractSchemaSource
{
    public static Schema For(Type type) =>
        type.GetCustomAttribute<AvroContractAttribute>() is not null
            ? ContractSchemas.For(type)
            : throw new ArgumentException(
                $"{type.Name} is not a contract type (it has no [AvroContract] attribute); pass its Avro schema explicitly.",
                nameof(type));

    /// <summary>The schema text to register: the <c>.avsc</c> as written (with its docs) when it is a top-level contract, else Avro's rendering.</summary>
    public static string TextOf(Schema schema) =>
        schema is NamedSchema named && ContractSchemas.TopLevelNames.Contains(named.Fullname) && ReferenceEquals(ContractSchemas.ByName(named.Fullname), schema)
            ? ContractSchemas.JsonOf(named.Fullname)
            : schema.ToString();
}
