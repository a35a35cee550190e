using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Rest;

// The JSON bodies of Confluent's Schema Registry REST API, shared by our client and our server so
// that the two cannot drift apart. Property names are Confluent's, including its mixed spellings.

/// <summary>Body of <c>POST /subjects/{s}/versions</c>, <c>POST /subjects/{s}</c> and the compatibility endpoints.</summary>
public sealed record SchemaRequest(
    [property: JsonPropertyName("schema")] string? Schema,
    [property: JsonPropertyName("schemaType")] string? SchemaType = null,
    [property: JsonPropertyName("references")] IReadOnlyList<SchemaReference>? References = null);

/// <summary>A schema reference (Confluent's feature for schemas that import others); this registry accepts none.</summary>
public sealed record SchemaReference(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("version")] int? Version);

/// <summary>Answer to a registration: the schema's global id.</summary>
public sealed record SchemaIdResponse([property: JsonPropertyName("id")] int Id);

/// <summary>Answer to <c>GET /schemas/ids/{id}</c>.</summary>
public sealed record SchemaByIdResponse(
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("schemaType")] [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SchemaType = null);

/// <summary>One version of a subject (<c>GET /subjects/{s}/versions/{v}</c>, <c>POST /subjects/{s}</c>).</summary>
public sealed record SubjectVersionResponse(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("schemaType")] [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SchemaType = null);

/// <summary>One (subject, version) that uses a schema id (<c>GET /schemas/ids/{id}/versions</c>).</summary>
public sealed record SubjectVersionRef(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("version")] int Version);

/// <summary>Answer of the compatibility endpoints; <c>messages</c> only with <c>?verbose=true</c>.</summary>
public sealed record CompatibilityResponse(
    [property: JsonPropertyName("is_compatible")] bool IsCompatible,
    [property: JsonPropertyName("messages")] [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Messages = null);

/// <summary>Answer of <c>GET /config</c> and <c>GET /config/{s}</c>.</summary>
public sealed record ConfigResponse([property: JsonPropertyName("compatibilityLevel")] string CompatibilityLevel);

/// <summary>Body and answer of <c>PUT /config</c> and <c>PUT /config/{s}</c>.</summary>
public sealed record ConfigUpdate([property: JsonPropertyName("compatibility")] string? Compatibility);

/// <summary>Confluent's error body.</summary>
public sealed record ErrorResponse(
    [property: JsonPropertyName("error_code")] int ErrorCode,
    [property: JsonPropertyName("message")] string Message);
