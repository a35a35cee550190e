using System.Text;
using Confluent.Kafka;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.State;
using CustomerStream.Streaming.Topics;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Support;

/// <summary>
/// An input topic, an output topic and a counting application over them, with what every test needs:
/// produce keyed records (remembering how many per key), start instances, and read the outputs the way
/// a consumer would (highest version per key wins) until they show the expected counts.
/// </summary>
public sealed class CountingScenario : IAsyncDisposable
{
    private readonly IKafkaTestCluster _kafka;
    private readonly ITestOutputHelper _output;
    private readonly List<StreamApplication> _instances = [];
    private readonly List<string> _directories = [];
    private readonly Dictionary<string, (long Count, long Version)> _latest = [];
    private IConsumer<byte[], byte[]>? _reader;
    private int _produced;

    public CountingScenario(IKafkaTestCluster kafka, ITestOutputHelper output, int partitions = 6, StoreKind storeKind = StoreKind.RocksDb)
    {
        _kafka = kafka;
        _output = output;
        Partitions = partitions;
        StoreKind = storeKind;
        Input = Unique.Name("in");
        Output = Unique.Name("out");
        ApplicationId = Unique.Name("count");
    }

    public string Input { get; }

    public string Output { get; }

    public string ApplicationId { get; }

    public int Partitions { get; }

    public StoreKind StoreKind { get; }

    public Dictionary<string, long> Expected { get; } = [];

    public IInternalTopicProvisioner Topics => new DelegateTopicProvisioner((spec, ct) => _kafka.CreateTopicAsync(spec.Name, spec.Partitions, ct));

    public async Task CreateTopicsAsync()
    {
        await _kafka.CreateTopicAsync(Input, Partitions);
        await _kafka.CreateTopicAsync(Output, Partitions);
    }

    /// <summary>Produces <paramref name="count"/> records over <paramref name="keys"/> keys and waits until all are acknowledged.</summary>
    public async Task ProduceAsync(int count, int keys = 300, Headers? headers = null)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            EnableIdempotence = true,
            LingerMs = 5,
            Partitioner = Partitioner.Murmur2Random,
        }).SetLogHandler((_, _) => { }).Build();
        var failures = 0;
        for (var i = 0; i < count; i++)
        {
            var key = $"key-{(_produced + i) % keys}";
            Expected[key] = Expected.GetValueOrDefault(key) + 1;
            producer.Produce(Input, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(key),
                Value = Encoding.UTF8.GetBytes($"v{_produced + i}"),
                Headers = headers,
            }, report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref failures);
                }
            });
        }

        _produced += count;
        await Task.Run(() => producer.Flush(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, failures);
    }

    public StreamApplicationOptions Options(string? stateDirectory = null)
    {
        var directory = stateDirectory ?? NewStateDirectory();
        return new StreamApplicationOptions
        {
            ApplicationId = ApplicationId,
            BootstrapServers = _kafka.BootstrapServers,
            StateDirectory = directory,
            MaxBatchRecords = 500,
            MaxBatchWait = TimeSpan.FromMilliseconds(20),
            CommitInterval = TimeSpan.FromMilliseconds(200),
            CheckpointInterval = TimeSpan.FromMilliseconds(200),
            SessionTimeout = TimeSpan.FromSeconds(3),
            HeartbeatInterval = TimeSpan.FromMilliseconds(300),
            MaxPollInterval = TimeSpan.FromSeconds(20),
            DeliveryTimeout = TimeSpan.FromSeconds(30),
            StartupTimeout = TimeSpan.FromSeconds(10),
        };
    }

    /// <summary>How many records the application's changelog holds, over all partitions.</summary>
    public long ChangelogRecords()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = Unique.Name("watermarks"),
        }).Build();
        return Enumerable.Range(0, Partitions)
            .Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition($"{ApplicationId}-changelog", p), TimeSpan.FromSeconds(10)).High.Value);
    }

    public string NewStateDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "customerstream-streaming-tests", Guid.NewGuid().ToString("N"));
        _directories.Add(directory);
        return directory;
    }

    /// <summary>Creates (not starts) an instance of the counting application.</summary>
    /// <summary>Processors keep counts in memory across batches (see <see cref="CountingProcessor.CacheAcrossBatches"/>).</summary>
    public bool CacheAcrossBatches { get; init; }

    /// <summary>The topology's <see cref="StreamTopology.RetryOn"/>.</summary>
    public Func<Exception, bool>? RetryOn { get; init; }

    /// <summary>The topology's <see cref="StreamTopology.DeadLetterTopic"/>.</summary>
    public InternalTopicSpec? DeadLetterTopic { get; init; }

    /// <summary>The processors' <see cref="CountingProcessor.DeadLetterWhen"/>.</summary>
    public Func<StreamRecord, Exception?>? DeadLetterWhen { get; init; }

    public StreamApplication CreateInstance(StreamApplicationOptions? options = null, Action<StreamRecord>? onRecord = null, string name = "")
    {
        var store = CountingProcessor.Store(StoreKind);
        var topology = new StreamTopology([Input], [store], context =>
            new CountingProcessor(context, Output, store) { OnRecord = onRecord, CacheAcrossBatches = CacheAcrossBatches, DeadLetterWhen = DeadLetterWhen })
        {
            RetryOn = RetryOn,
            DeadLetterTopic = DeadLetterTopic,
        };
        var instance = new StreamApplication(options ?? Options(), topology, Topics, new TestLoggerFactory(_output, name.Length > 0 ? $"[{name}] " : ""));
        _instances.Add(instance);
        return instance;
    }

    public async Task<StreamApplication> StartInstanceAsync(StreamApplicationOptions? options = null, Action<StreamRecord>? onRecord = null, string name = "")
    {
        var instance = CreateInstance(options, onRecord, name);
        await instance.StartAsync();
        return instance;
    }

    /// <summary>Reads outputs until every key shows its expected count, then asserts they match exactly.</summary>
    public async Task AssertExactCountsAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        await Task.Run(() =>
        {
            while (DateTime.UtcNow < deadline && !CountsMatch())
            {
                ThrowIfAnInstanceFailed();
                ReadOutputs(TimeSpan.FromMilliseconds(200));
            }

            // Anything still in flight (a double count arriving late) must show up too.
            ReadOutputs(TimeSpan.FromMilliseconds(500));
        });

        var actual = _latest.ToDictionary(e => e.Key, e => e.Value.Count);
        Assert.Equal(Expected.OrderBy(e => e.Key), actual.OrderBy(e => e.Key));
    }

    /// <summary>Waits until the outputs show at least <paramref name="records"/> counted records in total.</summary>
    public async Task WaitUntilCountedAsync(long records, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        await Task.Run(() =>
        {
            while (DateTime.UtcNow < deadline && _latest.Values.Sum(v => v.Count) < records)
            {
                ThrowIfAnInstanceFailed();
                ReadOutputs(TimeSpan.FromMilliseconds(100));
            }
        });

        Assert.True(_latest.Values.Sum(v => v.Count) >= records, $"expected at least {records} counted records");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        _reader?.Dispose();
        foreach (var directory in _directories.Where(Directory.Exists))
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A store still closing keeps a file open; the temp folder is cleaned by the OS eventually.
            }
        }
    }

    private void ThrowIfAnInstanceFailed()
    {
        if (_instances.FirstOrDefault(i => i.State == StreamApplicationState.Failed) is { } failed)
        {
            throw new InvalidOperationException($"Instance of {ApplicationId} failed", failed.GetStatus().Error);
        }
    }

    private bool CountsMatch() =>
        Expected.Count == _latest.Count && Expected.All(e => _latest.TryGetValue(e.Key, out var v) && v.Count == e.Value);

    private void ReadOutputs(TimeSpan wait)
    {
        if (_reader is null)
        {
            _reader = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
            {
                BootstrapServers = _kafka.BootstrapServers,
                GroupId = Unique.Name("reader"),
                EnableAutoCommit = false,
                FetchWaitMaxMs = 10,
            }).SetLogHandler((_, _) => { }).Build();
            _reader.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(Output, p, Offset.Beginning)));
        }

        var until = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < until)
        {
            var result = _reader.Consume(TimeSpan.FromMilliseconds(50));
            if (result is null)
            {
                continue;
            }

            var key = Encoding.UTF8.GetString(result.Message.Key);
            var parts = Encoding.UTF8.GetString(result.Message.Value).Split(':');
            var (count, version) = (long.Parse(parts[0]), long.Parse(parts[1]));

            // The consumer contract (IProcessorContext.BatchVersion): a higher version replaces; an equal or lower one
            // is a duplicate or stale (a crashed attempt's, a zombie's) and is dropped.
            if (!_latest.TryGetValue(key, out var seen) || version > seen.Version)
            {
                _latest[key] = (count, version);
            }
        }
    }
}
