using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Server.Rest;

/// <summary>Body and answer of <c>PUT /config</c> and <c>PUT /config/{s}</c>.</summary>
public sealed record ConfigUpdate([property: JsonPropertyName("compatibility")] string? Compatibility);
