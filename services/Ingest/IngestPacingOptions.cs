using System.ComponentModel.DataAnnotations;

namespace CustomerStream.Ingest;

/// <summary>
/// How far ingest may run ahead of the consumers of its topics (configuration section <c>Ingest:Pacing</c>;
/// environment <c>Ingest__Pacing__MaxLeadPerPartition</c>, …). A cluster that keeps only the newest records of a
/// partition (the embedded one keeps about 5 MB) loses what its consumers have not read when a producer runs too far
/// ahead; pacing makes the producer wait instead.
/// </summary>
public sealed class IngestPacingOptions : IValidatableObject
{
    public const string SectionName = "Ingest:Pacing";

    /// <summary>
    /// On (<c>true</c>), off (<c>false</c>), or unset: on with the embedded cluster (<c>Kafka:Mode=Embedded</c>), whose
    /// retention is by size, and off with a real cluster, whose retention is by time.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// The most records the slowest of <see cref="ConsumerGroups"/> may be behind the end of any partition of an ingest
    /// topic before ingest waits; it goes on once the lead is down to three quarters of this. The embedded cluster
    /// keeps about 14,000 ingest records per partition when they arrive one per batch and about 40,000 in large
    /// batches, so the default stays well below both.
    /// </summary>
    [Range(1, 100_000_000)]
    public long MaxLeadPerPartition { get; set; } = 10_000;

    /// <summary>
    /// The consumer groups that read the ingest record topics (customers, orders, web events); ingest waits for the
    /// slowest. Without any, nothing is paced.
    /// </summary>
    public List<string> ConsumerGroups { get; set; } = [];

    /// <summary>How often the lead is looked at while ingest waits.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long ingest waits for consumers that make no progress at all before the file or request fails (a consumer
    /// service that is not running): the failure names the group and how far behind it is.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether pacing applies, given whether the cluster is the embedded one.</summary>
    public bool AppliesTo(bool embeddedCluster) => (Enabled ?? embeddedCluster) && ConsumerGroups.Any(g => !string.IsNullOrWhiteSpace(g));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult($"{SectionName}:PollInterval must be between 10 ms and 1 minute", [nameof(PollInterval)]);
        }

        if (StallTimeout < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult($"{SectionName}:StallTimeout must be at least 1 second", [nameof(StallTimeout)]);
        }

        if (Enabled == true && !ConsumerGroups.Any(g => !string.IsNullOrWhiteSpace(g)))
        {
            yield return new ValidationResult(
                $"{SectionName}:Enabled is true but no {SectionName}:ConsumerGroups are configured (the groups that read the ingest topics, e.g. {SectionName}:ConsumerGroups:0=<group id>)",
                [nameof(ConsumerGroups)]);
        }
    }
}
