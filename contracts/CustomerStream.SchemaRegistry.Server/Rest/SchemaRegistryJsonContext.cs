using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Server.Rest;

/// <summary>Source-generated JSON for the REST models (no reflection on the request path).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SchemaRequest))]
[JsonSerializable(typeof(SchemaIdResponse))]
[JsonSerializable(typeof(SchemaByIdResponse))]
[JsonSerializable(typeof(SubjectVersionResponse))]
[JsonSerializable(typeof(List<SubjectVersionRef>))]
[JsonSerializable(typeof(CompatibilityResponse))]
[JsonSerializable(typeof(ConfigResponse))]
[JsonSerializable(typeof(ConfigUpdate))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<int>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class SchemaRegistryJsonContext : JsonSerializerContext;
