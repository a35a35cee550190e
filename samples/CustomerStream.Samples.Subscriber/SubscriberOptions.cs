using System.ComponentModel.DataAnnotations;

namespace CustomerStream.Samples.Subscriber;

/// <summary>How this service consumes (configuration section <c>Subscriber</c>).</summary>
public sealed class SubscriberOptions
{
    public const string SectionName = "Subscriber";

    /// <summary>
    /// The service's queue. Every instance of the service uses the same queue (competing consumers share the work);
    /// another service takes its own queue and gets every message too.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._:-]+$")]
    public string QueueName { get; set; } = "customerstream-sample-subscriber";

    /// <summary>Messages RabbitMQ hands an instance before it acknowledged earlier ones.</summary>
    [Range(1, 10_000)]
    public int PrefetchCount { get; set; } = 64;

    /// <summary>Messages an instance handles at the same time.</summary>
    [Range(1, 1_000)]
    public int ConcurrentMessageLimit { get; set; } = 16;
}
