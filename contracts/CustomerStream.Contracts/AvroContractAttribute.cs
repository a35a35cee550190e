namespace CustomerStream.Contracts;

/// <summary>
/// Marks a C# type as the mapping of an Avro named type whose schema lives in <c>contracts/schemas</c>
/// (the <c>.avsc</c> file is the source of truth; the type only mirrors its fields by name).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AvroContractAttribute(string fullName) : Attribute
{
    /// <summary>Avro full name, e.g. <c>customerstream.ingest.CustomerRecord</c>.</summary>
    public string FullName { get; } = fullName;
}
