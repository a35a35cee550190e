using System.ComponentModel.DataAnnotations;
using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Ingest;

/// <summary>Settings of ingest (configuration section <c>Ingest</c>; environment <c>Ingest__MaxInFlight</c>, …).</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>
    /// How each source system's records are read, by source name: <c>Ingest:Sources:crm:UsDates=true</c>,
    /// <c>Ingest:Sources:crm:TimeZone=America/New_York</c>, <c>Ingest:Sources:web:DefaultUserSource=shop</c>.
    /// </summary>
    public Dictionary<string, SourceOptions> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records produced but not yet acknowledged by Kafka, at most, per file or request: beyond it reading waits.</summary>
    [Range(1, 10_000_000)]
    public int MaxInFlight { get; set; } = 100_000;

    /// <summary>How long Kafka may take to acknowledge a record before the run fails (librdkafka <c>message.timeout.ms</c>).</summary>
    [Range(1_000, 3_600_000)]
    public int DeliveryTimeoutMs { get; set; } = 60_000;

    /// <summary>Longest accepted field, in UTF-8 bytes.</summary>
    [Range(16, 16 * 1024 * 1024)]
    public int MaxFieldBytes { get; set; } = 64 * 1024;

    /// <summary>Longest accepted record (CSV row or NDJSON line), in bytes.</summary>
    [Range(64, 64 * 1024 * 1024)]
    public int MaxRecordBytes { get; set; } = 1024 * 1024;

    /// <summary>How often file ingest reports progress.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
