using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CustomerStream.Kafka.Tests;

/// <summary>Clients made the way services make them, through <see cref="KafkaClientFactory"/>.</summary>
internal static class TestClients
{
    public static KafkaClientFactory For(string bootstrapServers, Action<KafkaOptions>? configure = null, ILoggerFactory? logs = null)
    {
        var options = new KafkaOptions { BootstrapServers = bootstrapServers, HeartbeatIntervalMs = 500, SessionTimeoutMs = 6_000 };
        configure?.Invoke(options);
        return new KafkaClientFactory(Options.Create(options), logs ?? NullLoggerFactory.Instance);
    }

    /// <summary>Produces <paramref name="count"/> messages numbered from <paramref name="first"/>, keyed by number modulo <paramref name="keys"/>.</summary>
    public static void ProduceNumbered(KafkaClientFactory clients, string topic, int first, int count, int keys = 20)
    {
        using var producer = clients.CreateProducerBuilder<string, string>(clients.CreateProducerConfig("test")).Build();
        for (var i = first; i < first + count; i++)
        {
            producer.Produce(topic, new Message<string, string> { Key = $"k{i % keys}", Value = i.ToString() });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Consumes until <paramref name="count"/> messages arrived or 30 s passed.</summary>
    public static List<ConsumeResult<string, string>> ConsumeAtLeast(IConsumer<string, string> consumer, int count)
    {
        var received = new List<ConsumeResult<string, string>>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } result)
            {
                received.Add(result);
            }
        }

        return received;
    }

    /// <summary>Messages of one key arrive in the order they were produced (numbers ascending).</summary>
    public static void AssertKeyOrder(IEnumerable<ConsumeResult<string, string>> received) =>
        Assert.All(
            received.GroupBy(r => r.Message.Key),
            byKey => Assert.Equal(byKey.Select(r => int.Parse(r.Message.Value)).Order(), byKey.Select(r => int.Parse(r.Message.Value))));
}
