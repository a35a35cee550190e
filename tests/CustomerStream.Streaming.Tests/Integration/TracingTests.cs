using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using CustomerStream.Kafka.Telemetry;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Telemetry;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Streaming.Topics;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

public sealed class TracingTests(EmbeddedKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Each_batch_is_a_span_linked_to_its_inputs_and_outputs_carry_the_trace_on()
    {
        var input = Unique.Name("in");
        var output1 = Unique.Name("per-record");
        var output2 = Unique.Name("per-batch");
        var applicationId = Unique.Name("traced");
        await kafka.CreateTopicAsync(input, 2);
        await kafka.CreateTopicAsync(output1, 2);
        await kafka.CreateTopicAsync(output2, 2);

        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StreamingTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem(StreamingTelemetry.ApplicationIdTag) as string == applicationId)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var traces = new List<string>();
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build())
        {
            for (var i = 0; i < 20; i++)
            {
                var context = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
                traces.Add(context.TraceId.ToHexString());
                var headers = new Headers();
                TraceContextPropagation.Inject(headers, context);
                producer.Produce(input, new Message<string, string> { Key = $"k{i}", Value = $"{i}", Headers = headers });
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        var topology = new StreamTopology([input], [], _ => new EchoProcessor(output1, output2));
        var options = new StreamApplicationOptions
        {
            ApplicationId = applicationId,
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

        var perRecord = await ReadAsync(output1, 20);
        var perBatch = await ReadAsync(output2, 20);

        // Outputs forwarded while processing a record continue that record's trace.
        Assert.Equal(traces.Order(), perRecord.Select(TraceOf).Order());

        // Outputs forwarded at the end of a batch belong to the batch span, which links every input trace.
        var batchSpans = spans.ToArray();
        Assert.NotEmpty(batchSpans);
        Assert.Equal(traces.Order(), batchSpans.SelectMany(s => s.Links).Select(l => l.Context.TraceId.ToHexString()).Distinct().Order());
        Assert.All(perBatch, r => Assert.Contains(TraceOf(r), batchSpans.Select(s => s.TraceId.ToHexString())));
    }

    private static string TraceOf(ConsumeResult<byte[], byte[]> record)
    {
        Assert.True(TraceContextPropagation.TryExtract(record.Message.Headers, out var context));
        return context.TraceId.ToHexString();
    }

    private async Task<List<ConsumeResult<byte[], byte[]>>> ReadAsync(string topic, int count)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = Unique.Name("r") }).Build();
        consumer.Assign(Enumerable.Range(0, 2).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var results = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        await Task.Run(() =>
        {
            while (results.Count < count && DateTime.UtcNow < deadline)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } result)
                {
                    results.Add(result);
                }
            }
        });
        Assert.Equal(count, results.Count);
        return results;
    }

    private sealed class EchoProcessor(string perRecordTopic, string perBatchTopic) : IStreamProcessor
    {
        private readonly List<byte[]> _keys = [];

        public void Process(StreamRecord record, IProcessorContext context)
        {
            context.Forward(perRecordTopic, record.Key, record.Value);
            _keys.Add(record.Key!);
        }

        public void OnBatchEnd(IProcessorContext context)
        {
            foreach (var key in _keys)
            {
                context.Forward(perBatchTopic, key, Encoding.UTF8.GetBytes("batch"));
            }

            _keys.Clear();
        }
    }
}
