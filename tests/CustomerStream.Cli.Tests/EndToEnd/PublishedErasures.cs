using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using CustomerStream.Contracts;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>What subscribers of a running stack's Kafka were told about the forgotten people.</summary>
internal static class PublishedErasures
{
    /// <summary>
    /// customer.erased.v1 names exactly the forgotten customers, without their e-mail addresses in it; the compacted
    /// customer.profile-changed.v1 ends every one of their keys with a tombstone.
    /// </summary>
    public static void AssertTold(string home, IReadOnlyCollection<string> customerIds, IReadOnlyCollection<string> emails)
    {
        using var endpoints = JsonDocument.Parse(File.ReadAllText(Path.Combine(home, ".customerstream", "endpoints.json")));
        var bootstrap = endpoints.RootElement.GetProperty("kafka_bootstrap").GetString()!;

        var erased = ReadAll(bootstrap, Topics.CustomerErased);
        Assert.Equal(customerIds.Order(StringComparer.Ordinal), erased.Select(r => r.Key).Order(StringComparer.Ordinal));
        foreach (var (_, value) in erased)
        {
            var text = Encoding.UTF8.GetString(value!).ToLowerInvariant();
            Assert.DoesNotContain(emails, e => text.Contains(e, StringComparison.Ordinal));
        }

        var profiles = ReadAll(bootstrap, Topics.CustomerProfileChanged);
        foreach (var id in customerIds)
        {
            var last = profiles.Last(r => r.Key == id);
            Assert.Null(last.Value);
        }
    }

    private static List<(string Key, byte[]? Value)> ReadAll(string bootstrap, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(30)).Topics.Single().Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
        using var consumer = new ConsumerBuilder<string, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"forget-test-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var records = new List<(string Key, byte[]? Value)>();
        var open = partitions.ToHashSet();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (open.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{topic} was not read to its end");
            var result = consumer.Consume(TimeSpan.FromSeconds(1));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                open.Remove(result.TopicPartition);
                continue;
            }

            records.Add((result.Message.Key, result.Message.Value));
        }

        return records;
    }
}
