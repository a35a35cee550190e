namespace CustomerStream.SchemaRegistry.Server.Rest;

/// <summary>Content types of the Schema Registry REST API.</summary>
public static class SchemaRegistryMediaTypes
{
    /// <summary>What the registry answers with and clients send.</summary>
    public const string V1Json = "application/vnd.schemaregistry.v1+json";

    /// <summary>Accepted from clients too.</summary>
    public const string Json = "application/vnd.schemaregistry+json";

    /// <summary>The Accept header Confluent's clients send.</summary>
    public const string Accept = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
}
