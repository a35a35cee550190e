using System.ComponentModel.DataAnnotations;
using CustomerStream.ServiceDefaults;

namespace CustomerStream.Customer360;

/// <summary>Settings of the Customer 360 console: its read API and page (configuration section <c>Customer360</c>).</summary>
public sealed class Customer360Options : IValidatableObject
{
    public const string SectionName = "Customer360";

    /// <summary>Header that carries the read API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Where <c>customerstream run console</c> listens when neither <see cref="Url"/> nor <c>ASPNETCORE_URLS</c> is set: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5090";

    /// <summary>
    /// Keys that may read (<c>Customer360:ApiKeys:0</c>, environment <c>Customer360__ApiKeys__0</c>). At least one
    /// is required: the API never answers anonymous reads. Keep them apart from the ingest API's keys, which may write.
    /// </summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>
    /// Where <c>customerstream run console</c> listens. Unset: <c>ASPNETCORE_URLS</c> decides (the container image
    /// sets <c>http://+:8080</c>), else <see cref="DefaultUrl"/> (loopback).
    /// </summary>
    public string? Url { get; set; }

    /// <summary>How often the pipeline view looks at the consumer groups' positions.</summary>
    [Range(1, 60)]
    public int PipelineSampleSeconds { get; set; } = 2;

    /// <summary>How far back the pipeline view keeps its samples (lag, throughput and freshness over time).</summary>
    [Range(1, 120)]
    public int PipelineHistoryMinutes { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        ApiKeySet.Validate($"{SectionName}:ApiKeys", ApiKeys, nameof(ApiKeys));
}
