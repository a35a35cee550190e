using System.Text;
using Confluent.Kafka;
using CustomerStream.Kafka.Faults;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Streaming.Topics;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

/// <summary>No record is dropped silently: a bad record goes to the dead-letter topic, a dependency that is away is waited out.</summary>
public sealed class DeadLetterAndRetryTests(EmbeddedKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task A_record_that_cannot_be_processed_goes_to_the_dead_letter_topic_as_it_was_with_its_position_and_error()
    {
        var deadLetters = new InternalTopicSpec(Unique.Name("dead-letter"), 1, new Dictionary<string, string>());
        await using var scenario = new CountingScenario(kafka, output, partitions: 3)
        {
            DeadLetterTopic = deadLetters,
            DeadLetterWhen = r => Encoding.UTF8.GetString(r.Value!).StartsWith("poison", StringComparison.Ordinal)
                ? new InvalidDataException($"cannot read '{Encoding.UTF8.GetString(r.Value!)}'")
                : null,
        };
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(300, keys: 40);
        var poisoned = await ProducePoisonAsync(scenario.Input, 3);
        await scenario.ProduceAsync(300, keys: 40);

        var instance = await scenario.StartInstanceAsync();
        await scenario.AssertExactCountsAsync();

        var letters = TopicContents.Read(kafka.BootstrapServers, deadLetters.Name).Select(r => (Letter: DeadLetters.Read(r), Value: r.Message.Value!)).ToList();
        Assert.Equal(
            poisoned.Select(p => (p.TopicPartitionOffset.Partition.Value, p.TopicPartitionOffset.Offset.Value, p.Message.Value)).Order(),
            letters.Select(l => (l.Letter.SourcePartition, l.Letter.SourceOffset, Encoding.UTF8.GetString(l.Value))).Order());
        Assert.All(letters, l =>
        {
            Assert.Equal(scenario.Input, l.Letter.SourceTopic);
            Assert.Equal(scenario.ApplicationId, l.Letter.Stage);
            Assert.Equal($"InvalidDataException: cannot read '{Encoding.UTF8.GetString(l.Value)}'", l.Letter.Error);
        });
        Assert.Equal(3, instance.GetStatus().Figures.DeadLetters);
        Assert.Equal(StreamApplicationState.Running, instance.State);
    }

    [Fact]
    public async Task A_dependency_that_is_away_is_waited_out_with_back_off_and_no_record_is_skipped_or_counted_twice()
    {
        await using var scenario = new CountingScenario(kafka, output, partitions: 3) { RetryOn = e => e is DependencyAwayException };
        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(600, keys: 50);
        var away = 1;
        var refused = 0;
        var instance = await scenario.StartInstanceAsync(onRecord: _ =>
        {
            if (Volatile.Read(ref away) == 1)
            {
                Interlocked.Increment(ref refused);
                throw new DependencyAwayException();
            }
        });

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (instance.GetStatus().Figures.ProcessingRetries < 4 && DateTime.UtcNow < deadline)
        {
            Assert.NotEqual(StreamApplicationState.Failed, instance.State);
            await Task.Delay(50);
        }

        Assert.True(instance.GetStatus().Figures.ProcessingRetries >= 4, "the batch was retried while the dependency was away");
        Assert.Equal(0, instance.GetStatus().ProcessedRecords);
        Volatile.Write(ref away, 0);
        await scenario.ProduceAsync(200, keys: 50);

        await scenario.AssertExactCountsAsync();
        Assert.Equal(StreamApplicationState.Running, instance.State);
        Assert.Equal(800, instance.GetStatus().ProcessedRecords);
    }

    [Fact]
    public void The_back_off_doubles_from_a_quarter_second_and_stops_at_its_cap()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(250), RetryBackoff.Delay(1));
        Assert.Equal(TimeSpan.FromMilliseconds(500), RetryBackoff.Delay(2));
        Assert.Equal(TimeSpan.FromSeconds(16), RetryBackoff.Delay(7));
        Assert.Equal(RetryBackoff.DefaultMax, RetryBackoff.Delay(50));
        Assert.Equal(TimeSpan.FromSeconds(2), RetryBackoff.Delay(50, TimeSpan.FromSeconds(2)));
    }

    private async Task<List<DeliveryResult<string, string>>> ProducePoisonAsync(string topic, int count)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, EnableIdempotence = true }).Build();
        var results = new List<DeliveryResult<string, string>>();
        for (var i = 0; i < count; i++)
        {
            results.Add(await producer.ProduceAsync(topic, new Message<string, string> { Key = $"poison-{i}", Value = $"poison {i}" }));
        }

        return results;
    }

    private sealed class DependencyAwayException() : Exception("the dependency does not answer");
}
