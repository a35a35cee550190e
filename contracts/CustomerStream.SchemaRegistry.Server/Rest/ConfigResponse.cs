using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Server.Rest;

/// <summary>Answer of <c>GET /config</c> and <c>GET /config/{s}</c>.</summary>
public sealed record ConfigResponse([property: JsonPropertyName("compatibilityLevel")] string CompatibilityLevel);
