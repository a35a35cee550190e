using System.Text;
using Confluent.Kafka;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Serialization;
using CustomerStream.Streaming.State;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Streaming.Topics;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

/// <summary>
/// A single-task topology (one task over every partition of two topics, owned through a lease) numbers every
/// record with a sequence kept in its state, as the identity graph does. Whatever happens to an owner, every input
/// record must end up with exactly one number: a batch processed again takes the same records in the same order.
/// </summary>
public sealed class SingleTaskTests(EmbeddedKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<EmbeddedKafkaFixture>
{
    private const int Partitions = 3;

    [Fact]
    public async Task One_instance_reads_every_partition_of_every_input_and_numbers_each_record_once()
    {
        await using var scenario = await Scenario.CreateAsync(kafka, output);
        await scenario.ProduceAsync(3_000);
        await scenario.StartAsync("only");
        await scenario.AssertEveryRecordNumberedOnceAsync();
    }

    [Theory]
    [InlineData(CrashPoint.Immediately)]
    [InlineData(CrashPoint.AfterProcessing)]
    [InlineData(CrashPoint.AfterChangelogWrites)]
    [InlineData(CrashPoint.AfterCommitMarkers)]
    public async Task A_crash_at_any_step_is_followed_by_the_same_batch_with_the_same_numbers(CrashPoint point)
    {
        await using var scenario = await Scenario.CreateAsync(kafka, output);
        await scenario.ProduceAsync(2_000);
        var first = await scenario.StartAsync("first");
        await scenario.WaitUntilNumberedAsync(500);
        var crash = first.SimulateCrashAsync(point);
        await scenario.ProduceAsync(2_000);
        await crash;
        Assert.Equal(StreamApplicationState.Crashed, first.State);

        // Another instance with its own (empty) state directory: it restores from the changelog, finds the plan of
        // the batch that never committed and processes exactly that batch first.
        await scenario.ProduceAsync(1_000);
        await scenario.StartAsync("second");
        await scenario.AssertEveryRecordNumberedOnceAsync();

        // Lag is measured against the group's committed offsets: they must reach the end of every input
        // partition, including those whose records were all processed before the crash.
        await scenario.AssertGroupCaughtUpAsync();
    }

    [Fact]
    public async Task A_standby_takes_the_lease_when_the_owner_dies()
    {
        await using var scenario = await Scenario.CreateAsync(kafka, output);
        await scenario.ProduceAsync(1_500);
        var owner = await scenario.StartAsync("owner");
        await scenario.WaitUntilNumberedAsync(300);
        var standby = await scenario.StartAsync("standby");

        // Armed first, so that the crash hits a batch of the records that follow.
        var crash = owner.SimulateCrashAsync(CrashPoint.AfterChangelogWrites);
        await scenario.ProduceAsync(1_500);
        await crash;
        await scenario.AssertEveryRecordNumberedOnceAsync(TimeSpan.FromSeconds(90));
        Assert.Contains(standby.GetStatus().Tasks, t => t.Partition == 0);
    }

    [Fact]
    public async Task Records_gathered_beside_a_planned_batch_that_waits_for_a_dependency_are_read_again_not_skipped()
    {
        // The first batch holds records of the first input only; it is planned, then fails while a dependency is away.
        // Records of the second input arrive during the back-off: the member gathers them and drops them to replay the
        // plan first, and must read them again afterwards, though the task holds no offset for their partitions yet.
        await using var scenario = await Scenario.CreateAsync(kafka, output);
        await scenario.ProduceAsync(600, input: 0);
        scenario.DependencyAway = true;
        var instance = await scenario.StartAsync("only", retryOn: e => e is DependencyAwayException);
        await WaitForRetriesAsync(instance, 1);
        await scenario.ProduceAsync(600, input: 1);

        // Several more attempts, each after a poll that gathers (and drops) what arrived on the second input.
        await WaitForRetriesAsync(instance, instance.GetStatus().Figures.ProcessingRetries + 3);
        scenario.DependencyAway = false;
        await scenario.AssertEveryRecordNumberedOnceAsync();
        await scenario.AssertGroupCaughtUpAsync();
        Assert.Equal(StreamApplicationState.Running, instance.State);
    }

    private static async Task WaitForRetriesAsync(StreamApplication instance, long retries)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (instance.GetStatus().Figures.ProcessingRetries < retries && DateTime.UtcNow < deadline)
        {
            Assert.NotEqual(StreamApplicationState.Failed, instance.State);
            await Task.Delay(50);
        }

        Assert.True(instance.GetStatus().Figures.ProcessingRetries >= retries, $"expected {retries} retries of the batch while the dependency was away");
    }

    private sealed class Scenario : IAsyncDisposable
    {
        private readonly EmbeddedKafkaFixture _kafka;
        private readonly ITestOutputHelper _output;
        private readonly List<StreamApplication> _instances = [];
        private readonly string _application = Unique.Name("numbering");
        private readonly string[] _inputs = [Unique.Name("in-a"), Unique.Name("in-b")];
        private readonly string _outputTopic = Unique.Name("numbered");
        private readonly string _lease = Unique.Name("lease");
        private readonly HashSet<string> _produced = [];
        private readonly Dictionary<string, HashSet<long>> _numbers = [];
        private IConsumer<byte[], byte[]>? _reader;
        private int _next;

        private Scenario(EmbeddedKafkaFixture kafka, ITestOutputHelper output)
        {
            _kafka = kafka;
            _output = output;
        }

        public static async Task<Scenario> CreateAsync(EmbeddedKafkaFixture kafka, ITestOutputHelper output)
        {
            var scenario = new Scenario(kafka, output);
            foreach (var input in scenario._inputs)
            {
                await kafka.CreateTopicAsync(input, Partitions);
            }

            await kafka.CreateTopicAsync(scenario._outputTopic, 1);
            return scenario;
        }

        private volatile bool _dependencyAway;

        /// <summary>While true, processing a record fails with <see cref="DependencyAwayException"/>.</summary>
        public bool DependencyAway { get => _dependencyAway; set => _dependencyAway = value; }

        /// <summary>Produces <paramref name="count"/> records, alternating between the inputs or all to <paramref name="input"/>.</summary>
        public async Task ProduceAsync(int count, int? input = null)
        {
            using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = _kafka.BootstrapServers, LingerMs = 2 })
                .SetLogHandler((_, _) => { }).Build();
            for (var i = 0; i < count; i++, _next++)
            {
                var id = $"r{_next}";
                _produced.Add(id);
                producer.Produce(new TopicPartition(_inputs[input ?? _next % 2], _next % Partitions), new Message<byte[], byte[]> { Value = Encoding.UTF8.GetBytes(id) });
            }

            await Task.Run(() => producer.Flush(TimeSpan.FromSeconds(60)));
        }

        public async Task<StreamApplication> StartAsync(string name, Func<Exception, bool>? retryOn = null)
        {
            var store = new KeyValueStoreDefinition<string, long>("sequence", Serdes.Utf8, Serdes.Int64);
            var topology = new StreamTopology(_inputs, [store], context => new NumberingProcessor(context, store, _outputTopic, () => DependencyAway))
            {
                LeaseTopic = _lease,
                RetryOn = retryOn,
            };
            var options = new StreamApplicationOptions
            {
                ApplicationId = _application,
                BootstrapServers = _kafka.BootstrapServers,
                StateDirectory = Path.Combine(Path.GetTempPath(), "customerstream-streaming-tests", Guid.NewGuid().ToString("N")),
                MaxBatchRecords = 300,
                CommitInterval = TimeSpan.FromMilliseconds(200),
                SessionTimeout = TimeSpan.FromSeconds(3),
                HeartbeatInterval = TimeSpan.FromMilliseconds(300),
                StartupTimeout = TimeSpan.FromSeconds(10),
            };
            var provisioner = new DelegateTopicProvisioner((spec, ct) => _kafka.CreateTopicAsync(spec.Name, spec.Partitions, ct));
            var instance = new StreamApplication(options, topology, provisioner, new TestLoggerFactory(_output, $"[{name}] "));
            _instances.Add(instance);
            await instance.StartAsync();
            return instance;
        }

        public Task WaitUntilNumberedAsync(int records) => Task.Run(() =>
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (_numbers.Count < records && DateTime.UtcNow < deadline)
            {
                Read(TimeSpan.FromMilliseconds(100));
            }

            Assert.True(_numbers.Count >= records, $"expected {records} records numbered, saw {_numbers.Count}");
        });

        public async Task AssertEveryRecordNumberedOnceAsync(TimeSpan? timeout = null)
        {
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
            await Task.Run(() =>
            {
                while (_numbers.Count < _produced.Count && DateTime.UtcNow < deadline)
                {
                    if (_instances.FirstOrDefault(i => i.State == StreamApplicationState.Failed) is { } failed)
                    {
                        throw new InvalidOperationException("An instance failed", failed.GetStatus().Error);
                    }

                    Read(TimeSpan.FromMilliseconds(200));
                }

                Read(TimeSpan.FromMilliseconds(500));
            });

            Assert.Equal(_produced.Order(), _numbers.Keys.Order());
            var renumbered = _numbers.Where(n => n.Value.Count > 1).Select(n => $"{n.Key}: {string.Join(",", n.Value)}").Take(5).ToList();
            Assert.True(renumbered.Count == 0, "records numbered differently by two attempts: " + string.Join("; ", renumbered));
            var all = _numbers.Values.Select(n => n.Single()).ToList();
            Assert.Equal(all.Count, all.Distinct().Count());
        }

        public Task AssertGroupCaughtUpAsync() => Task.Run(() =>
        {
            using var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = _kafka.BootstrapServers, GroupId = _application })
                .SetLogHandler((_, _) => { }).Build();
            var partitions = _inputs.SelectMany(t => Enumerable.Range(0, Partitions).Select(p => new TopicPartition(t, p))).ToList();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            long behind;
            do
            {
                var committed = probe.Committed(partitions, TimeSpan.FromSeconds(10)).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
                behind = partitions.Sum(p => Math.Max(0, probe.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value - Math.Max(0, committed[p])));
                if (behind > 0)
                {
                    Thread.Sleep(200);
                }
            }
            while (behind > 0 && DateTime.UtcNow < deadline);

            Assert.Equal(0, behind);
        });

        public async ValueTask DisposeAsync()
        {
            foreach (var instance in _instances)
            {
                await instance.DisposeAsync();
            }

            _reader?.Dispose();
        }

        private void Read(TimeSpan wait)
        {
            _reader ??= CreateReader();
            var until = DateTime.UtcNow + wait;
            while (DateTime.UtcNow < until)
            {
                if (_reader.Consume(TimeSpan.FromMilliseconds(50)) is not { } result)
                {
                    continue;
                }

                var record = Encoding.UTF8.GetString(result.Message.Key);
                var number = long.Parse(Encoding.UTF8.GetString(result.Message.Value), System.Globalization.CultureInfo.InvariantCulture);
                if (!_numbers.TryGetValue(record, out var numbers))
                {
                    _numbers[record] = numbers = [];
                }

                numbers.Add(number);
            }
        }

        private IConsumer<byte[], byte[]> CreateReader()
        {
            var reader = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
            {
                BootstrapServers = _kafka.BootstrapServers,
                GroupId = Unique.Name("reader"),
                EnableAutoCommit = false,
                FetchWaitMaxMs = 10,
            }).SetLogHandler((_, _) => { }).Build();
            reader.Assign(new TopicPartitionOffset(_outputTopic, 0, Offset.Beginning));
            return reader;
        }
    }

    /// <summary>Gives every record the next number of a sequence kept in the task's state, and says so.</summary>
    private sealed class NumberingProcessor(IProcessorContext context, KeyValueStoreDefinition<string, long> store, string output, Func<bool> dependencyAway) : IStreamProcessor
    {
        private readonly IKeyValueStore<string, long> _sequence = context.GetStore(store);

        public void Process(StreamRecord record, IProcessorContext context)
        {
            if (dependencyAway())
            {
                throw new DependencyAwayException();
            }

            var next = _sequence.GetOrDefault("next", 0) + 1;
            _sequence.Put("next", next);
            context.Forward(output, record.Value, Encoding.UTF8.GetBytes(next.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        public void OnBatchEnd(IProcessorContext context)
        {
        }
    }

    private sealed class DependencyAwayException() : Exception("the dependency does not answer");
}
