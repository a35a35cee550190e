using System.Text;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Serialization;
using CustomerStream.Streaming.State;

namespace CustomerStream.Streaming.Tests.Support;

/// <summary>
/// Counts records per key and, once per batch, emits <c>count:version</c> for every key the batch
/// changed, with the runtime's batch version: the shape of the aggregator (one change per key per batch,
/// versions from <see cref="IProcessorContext.BatchVersion"/>).
/// </summary>
public sealed class CountingProcessor(IProcessorContext context, string outputTopic, KeyValueStoreDefinition<string, VersionedCount> store)
    : IStreamProcessor
{
    private readonly IKeyValueStore<string, VersionedCount> _counts = context.GetStore(store);
    private readonly HashSet<string> _changed = [];
    private readonly Dictionary<string, VersionedCount> _cache = [];

    public static KeyValueStoreDefinition<string, VersionedCount> Store(StoreKind kind = StoreKind.RocksDb) =>
        new("counts", Serdes.Utf8, VersionedCount.Serde, kind);

    /// <summary>Called for every record, before counting; tests use it to block or observe.</summary>
    public Action<StreamRecord>? OnRecord { get; init; }

    /// <summary>Says which records cannot be processed (and why): those go to the dead-letter topic, uncounted.</summary>
    public Func<StreamRecord, Exception?>? DeadLetterWhen { get; init; }

    /// <summary>Keeps counts in memory across batches too (writing them through), like a decode cache.</summary>
    public bool CacheAcrossBatches { get; init; }

    public void Process(StreamRecord record, IProcessorContext context)
    {
        OnRecord?.Invoke(record);
        if (DeadLetterWhen?.Invoke(record) is { } error)
        {
            context.DeadLetter(error);
            return;
        }

        var key = Encoding.UTF8.GetString(record.Key!);
        var current = Read(key);
        var version = _changed.Add(key) ? current.Version + 1 : current.Version;
        var next = new VersionedCount(version, current.Value + 1);
        _counts.Put(key, next);
        if (CacheAcrossBatches)
        {
            _cache[key] = next;
        }
    }

    public void OnBatchEnd(IProcessorContext context)
    {
        foreach (var key in _changed)
        {
            var current = Read(key);
            context.Forward(outputTopic, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{current.Value}:{context.BatchVersion}"));
        }

        _changed.Clear();
    }

    private VersionedCount Read(string key) =>
        CacheAcrossBatches && _cache.TryGetValue(key, out var cached) ? cached : _counts.GetOrDefault(key, default);
}
