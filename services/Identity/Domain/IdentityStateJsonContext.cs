using System.Text.Json.Serialization;

namespace CustomerStream.Identity.Domain;

/// <summary>Source-generated JSON for the identity graph's nodes as they are stored (and restored from changelogs).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IdentifierNode))]
[JsonSerializable(typeof(ClusterNode))]
[JsonSerializable(typeof(EntityVersion))]
[JsonSerializable(typeof(WebEventNode))]
[JsonSerializable(typeof(WeakNode))]
internal sealed partial class IdentityStateJsonContext : JsonSerializerContext;
