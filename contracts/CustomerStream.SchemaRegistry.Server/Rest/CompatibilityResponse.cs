using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Server.Rest;

/// <summary>Answer of the compatibility endpoints; <c>messages</c> only with <c>?verbose=true</c>.</summary>
public sealed record CompatibilityResponse(
    [property: JsonPropertyName("is_compatible")] bool IsCompatible,
    [property: JsonPropertyName("messages")] [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Messages = null);
