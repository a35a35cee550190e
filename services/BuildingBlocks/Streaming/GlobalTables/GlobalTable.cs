using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Confluent.Kafka;
using CustomerStream.Streaming.Serialization;
using CustomerStream.Streaming.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerStream.Streaming.GlobalTables;

/// <summary>
/// A read-only replica of a whole topic on every instance (the "global table" pattern), e.g. identifier →
/// Customer360 ID: it reads every partition from the start into a local store, then keeps tailing it.
/// The latest record per key wins; a record without value deletes its key. Lookups are safe from any
/// thread. <see cref="WaitUntilCaughtUpAsync"/> waits until what was in the topic when it was called has
/// been loaded.
/// </summary>
/// <remarks>
/// Replaying a prefix of a topic into a last-writer-wins table converges to the same contents, so a
/// RocksDB table may resume from any checkpoint that is not ahead of what it flushed: it checkpoints
/// periodically and never needs a full reload after a crash.
/// </remarks>
public sealed class GlobalTable<TKey, TValue> : IAsyncDisposable
{
    private const string CheckpointFile = ".checkpoint";
    private const int MaxWriteBatch = 1_000;

    private readonly GlobalTableOptions _options;
    private readonly ISerde<TKey> _keys;
    private readonly ISerde<TValue> _values;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, long> _positions = new();
    private readonly CancellationTokenSource _stop = new();
    private IStateStore? _store;
    private IConsumer<byte[], byte[]>? _consumer;
    private Task? _loader;

    /// <summary>Creates the table; nothing is read before <see cref="StartAsync"/>.</summary>
    /// <param name="options">Topic, servers, storage.</param>
    /// <param name="keySerde">Serializes lookup keys exactly as the topic's keys are serialized.</param>
    /// <param name="valueSerde">Reads the topic's values.</param>
    /// <param name="loggerFactory">Logging.</param>
    public GlobalTable(GlobalTableOptions options, ISerde<TKey> keySerde, ISerde<TValue> valueSerde, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keySerde);
        ArgumentNullException.ThrowIfNull(valueSerde);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Topic);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.BootstrapServers);
        _options = options;
        _keys = keySerde;
        _values = valueSerde;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<GlobalTable<TKey, TValue>>();
    }

    /// <summary>Approximate number of keys loaded.</summary>
    public long ApproximateCount => _store?.ApproximateCount ?? 0;

    /// <summary>Opens the local store and starts loading in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_loader is not null)
        {
            throw new InvalidOperationException($"Global table of {_options.Topic} was already started.");
        }

        var config = new ConsumerConfig
        {
            BootstrapServers = _options.BootstrapServers,

            // Required by the client; the table assigns partitions itself and never joins this group.
            GroupId = $"customerstream-global-table-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
            MaxPartitionFetchBytes = 10_000_000,
            AllowAutoCreateTopics = false,
        };
        foreach (var (key, value) in _options.ClientProperties)
        {
            config.Set(key, value);
        }

        _consumer = new ConsumerBuilder<byte[], byte[]>(config)
            .SetLogHandler((_, message) => _logger.LogDebug("librdkafka {Facility}: {Message}", message.Facility, message.Message))
            .Build();
        var partitions = await Task.Run(() => PartitionCount(cancellationToken), cancellationToken).ConfigureAwait(false);
        var start = OpenStore(partitions);
        foreach (var (partition, offset) in start)
        {
            _positions[partition] = offset;
        }

        _consumer.Assign(start.Select(s => new TopicPartitionOffset(_options.Topic, s.Key, s.Value == 0 ? Offset.Beginning : new Offset(s.Value))));
        _loader = Task.Run(Load, CancellationToken.None);
    }

    /// <summary>Looks a key up.</summary>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        var bytes = TryGetRaw(_keys.Serialize(key));
        if (bytes is null)
        {
            value = default;
            return false;
        }

        value = _values.Deserialize(bytes);
        return true;
    }

    /// <summary>The value bytes of a key as the topic holds them, or null (e.g. to decode with an asynchronous deserializer).</summary>
    public byte[]? TryGetRaw(ReadOnlySpan<byte> key) =>
        (_store ?? throw new InvalidOperationException("The global table is not started.")).Get(key);

    /// <summary>Waits until every record that was in the topic when this was called has been loaded.</summary>
    public async Task WaitUntilCaughtUpAsync(CancellationToken cancellationToken = default)
    {
        var consumer = _consumer ?? throw new InvalidOperationException("The global table is not started.");
        var targets = await Task.Run(
            () => _positions.Keys.ToDictionary(
                p => p,
                p => consumer.QueryWatermarkOffsets(new TopicPartition(_options.Topic, p), TimeSpan.FromSeconds(30)).High.Value),
            cancellationToken).ConfigureAwait(false);
        while (targets.Any(t => _positions[t.Key] < t.Value))
        {
            if (_loader is { IsFaulted: true })
            {
                await _loader.ConfigureAwait(false);
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops loading; a RocksDB table flushes and checkpoints.</summary>
    public async Task StopAsync()
    {
        if (_loader is null)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loader.ConfigureAwait(false);
        }
        finally
        {
            _loader = null;
            Checkpoint();
            _consumer?.Close();
            _consumer?.Dispose();
            _consumer = null;
            _store?.Dispose();
            _store = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private int PartitionCount(CancellationToken cancellationToken)
    {
        var config = new AdminClientConfig { BootstrapServers = _options.BootstrapServers };
        config.Set("allow.auto.create.topics", "false");
        foreach (var (key, value) in _options.ClientProperties)
        {
            config.Set(key, value);
        }

        using var admin = new AdminClientBuilder(config).SetLogHandler((_, _) => { }).Build();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var topic = admin.GetMetadata(_options.Topic, TimeSpan.FromSeconds(10)).Topics.FirstOrDefault(t => t.Topic == _options.Topic);
            if (topic is { Error.IsError: false, Partitions.Count: > 0 })
            {
                return topic.Partitions.Count;
            }

            Thread.Sleep(200);
        }
    }

    private Dictionary<int, long> OpenStore(int partitions)
    {
        var start = Enumerable.Range(0, partitions).ToDictionary(p => p, _ => 0L);
        if (string.IsNullOrEmpty(_options.StateDirectory))
        {
            _store = new InMemoryStateStore(_options.Topic);
            return start;
        }

        var directory = Path.Combine(_options.StateDirectory, "global", _options.Topic);
        var checkpoint = ReadCheckpoint(directory);
        if (checkpoint is null || checkpoint.Count != partitions)
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        else
        {
            start = checkpoint;
        }

        _store = RocksDbStateStore.Open(_options.Topic, directory);
        _logger.LogInformation("Global table {Topic} loading from {Start}", _options.Topic,
            checkpoint is null ? "the start" : "its checkpoint");
        return start;
    }

    private void Load()
    {
        var batch = new List<KeyValuePair<byte[], byte[]?>>(MaxWriteBatch);
        var positions = new Dictionary<int, long>();
        var lastCheckpoint = DateTime.UtcNow;
        while (!_stop.IsCancellationRequested)
        {
            var result = _consumer!.Consume(TimeSpan.FromMilliseconds(100));
            if (result is { IsPartitionEOF: false, Message.Key: not null })
            {
                batch.Add(new KeyValuePair<byte[], byte[]?>(result.Message.Key, result.Message.Value));
            }

            if (result is not null)
            {
                positions[result.Partition.Value] = result.Offset.Value + 1;
            }

            // Apply what came in a burst together; publish positions only once their records are visible.
            if (batch.Count >= MaxWriteBatch || (result is null && (batch.Count > 0 || positions.Count > 0)))
            {
                _store!.Write(batch);
                batch.Clear();
                foreach (var (partition, position) in positions)
                {
                    _positions[partition] = position;
                }

                positions.Clear();
            }

            if (DateTime.UtcNow - lastCheckpoint > _options.CheckpointInterval)
            {
                Checkpoint();
                lastCheckpoint = DateTime.UtcNow;
            }
        }

        _store!.Write(batch);
        foreach (var (partition, position) in positions)
        {
            _positions[partition] = position;
        }
    }

    private void Checkpoint()
    {
        if (_store is not RocksDbStateStore rocks)
        {
            return;
        }

        // Positions are read before the flush: the checkpoint can only be behind what is on disk, never ahead.
        var positions = _positions.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value);
        rocks.Flush();
        var path = Path.Combine(rocks.Directory, CheckpointFile);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(positions));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static Dictionary<int, long>? ReadCheckpoint(string directory)
    {
        var path = Path.Combine(directory, CheckpointFile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllText(path))?
                .ToDictionary(p => int.Parse(p.Key, System.Globalization.CultureInfo.InvariantCulture), p => p.Value);
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException)
        {
            return null;
        }
    }
}
