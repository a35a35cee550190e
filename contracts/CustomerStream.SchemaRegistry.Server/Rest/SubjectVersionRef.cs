using System.Text.Json.Serialization;

namespace CustomerStream.SchemaRegistry.Server.Rest;

/// <summary>One (subject, version) that uses a schema id (<c>GET /schemas/ids/{id}/versions</c>).</summary>
public sealed record SubjectVersionRef(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("version")] int Version);
