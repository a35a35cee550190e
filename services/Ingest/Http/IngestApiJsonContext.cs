using System.Text.Json.Serialization;

namespace CustomerStream.Ingest.Http;

/// <summary>Source-generated JSON for the API's answers (works in trimmed and slim hosts alike).</summary>
[JsonSerializable(typeof(IngestResponse))]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(ErasureApiRequest))]
[JsonSerializable(typeof(ErasureApiResponse))]
internal sealed partial class IngestApiJsonContext : JsonSerializerContext;
