using System.ComponentModel.DataAnnotations;
using CustomerStream.ServiceDefaults;

namespace CustomerStream.Ingest.Http;

/// <summary>Settings of the ingest HTTP API (configuration section <c>Ingest:Api</c>).</summary>
public sealed class IngestApiOptions : IValidatableObject
{
    public const string SectionName = "Ingest:Api";

    /// <summary>Header that carries the API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Header a client may set to name its request (reused in <c>http:&lt;id&gt;#&lt;index&gt;</c> references); generated otherwise.</summary>
    public const string RequestIdHeader = "X-Request-Id";

    /// <summary>
    /// Keys that may send records (<c>Ingest:Api:ApiKeys:0</c>, environment <c>Ingest__Api__ApiKeys__0</c>).
    /// At least one is required: the API never accepts anonymous writes.
    /// </summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Largest accepted request body; larger ones are answered 413.</summary>
    [Range(1_024, 1_073_741_824)]
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Where <c>customerstream run ingest-api</c> listens when neither <see cref="Url"/> nor <c>ASPNETCORE_URLS</c> is set.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// Where <c>customerstream run ingest-api</c> listens. Unset: <c>ASPNETCORE_URLS</c> decides (the container
    /// image sets <c>http://+:8080</c>), else <see cref="DefaultUrl"/> (loopback).
    /// </summary>
    public string? Url { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        ApiKeySet.Validate($"{SectionName}:ApiKeys", ApiKeys, nameof(ApiKeys));
}
