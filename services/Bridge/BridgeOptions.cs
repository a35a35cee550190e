using System.ComponentModel.DataAnnotations;

namespace CustomerStream.Bridge;

/// <summary>Settings of the bridge (configuration section <c>Bridge</c>); RabbitMQ itself is <see cref="RabbitMqOptions"/>.</summary>
public sealed class BridgeOptions
{
    public const string SectionName = "Bridge";

    /// <summary>Consumer group of the bridge on Kafka.</summary>
    [Required]
    public string GroupId { get; set; } = "customerstream-bridge";

    /// <summary>Most records published (and confirmed) before the offsets are committed.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>How long one poll waits for more records before the batch is published.</summary>
    [Range(1, 60_000)]
    public int MaxBatchWaitMs { get; set; } = 100;

    /// <summary>How long one publish may wait for RabbitMQ's confirmation before it counts as failed and is sent again.</summary>
    [Range(100, 600_000)]
    public int PublishTimeoutMs { get; set; } = 30_000;

    /// <summary>The longest wait between two attempts while RabbitMQ or the Schema Registry is away (the first is 0.25 s, then doubling).</summary>
    [Range(250, 600_000)]
    public int MaxRetryDelayMs { get; set; } = 30_000;
}
