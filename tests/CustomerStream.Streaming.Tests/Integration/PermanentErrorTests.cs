using Confluent.Kafka;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Streaming.Topics;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

public sealed class PermanentErrorTests(EmbeddedKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task An_output_no_retry_can_write_stops_the_application_instead_of_reprocessing_forever()
    {
        var input = Unique.Name("in");
        var target = Unique.Name("out");
        await kafka.CreateTopicAsync(input, 1);
        await kafka.CreateTopicAsync(target, 1);
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            producer.Produce(input, new Message<string, string> { Key = "k", Value = "v" });
            producer.Flush(TimeSpan.FromSeconds(30));
        }

        // Larger than the producer's message.max.bytes (1 MB).
        var topology = new StreamTopology([input], [], _ => new OversizedForwarder(target));
        var options = new StreamApplicationOptions
        {
            ApplicationId = Unique.Name("oversized"),
            BootstrapServers = kafka.BootstrapServers,
            StateDirectory = Path.Combine(Path.GetTempPath(), "customerstream-streaming-tests", Guid.NewGuid().ToString("N")),
            MaxBatchWait = TimeSpan.FromMilliseconds(20),
            SessionTimeout = TimeSpan.FromSeconds(3),
            HeartbeatInterval = TimeSpan.FromMilliseconds(300),
            MaxPollInterval = TimeSpan.FromSeconds(20),
        };
        var provisioner = new DelegateTopicProvisioner((spec, ct) => kafka.CreateTopicAsync(spec.Name, spec.Partitions, ct));
        await using var application = new StreamApplication(options, topology, provisioner, new TestLoggerFactory(output));
        await application.StartAsync();

        var error = await Assert.ThrowsAsync<KafkaException>(() => application.Completion);

        Assert.Equal(ErrorCode.MsgSizeTooLarge, error.Error.Code);
        Assert.Equal(StreamApplicationState.Failed, application.State);
        Assert.Equal(0, application.GetStatus().AbandonedBatches);
    }

    private sealed class OversizedForwarder(string target) : IStreamProcessor
    {
        public void Process(StreamRecord record, IProcessorContext context) => context.Forward(target, record.Key, new byte[2 * 1024 * 1024]);
    }
}
