using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Server.Rest;

// The JSON bodies of Confluent's Schema Registry REST API are shared by our client and our server so
// that the two cannot drift apart. Property names are Confluent's, including its mixed spellings.

/// <summary>Body of <c>POST /subjects/{s}/versions</c>, <c>POST /subjects/{s}</c> and the compatibility endpoints.</summary>
public sealed record SchemaRequest(
    [property: JsonPropertyName("schema")] string? Schema,
    [property: JsonPropertyName("schemaType")] string? SchemaType = null,
    [property: JsonPropertyName("references")] IReadOnlyList<SchemaReference>? References = null);
