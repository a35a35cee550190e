using System.Globalization;
using RocksDbSharp;

namespace CustomerStream.Streaming.State;

/// <summary>
/// A store in a RocksDB database of its own (one directory per task and store), so state may be larger
/// than memory. Writes skip RocksDB's write-ahead log: the changelog topic is the durable copy. The runtime
/// flushes the memtables (<see cref="Flush"/>) before it writes a checkpoint, so after a kill -9 the directory
/// holds at least the checkpoint's state (plus some later committed batches RocksDB flushed on its own), and a
/// replay of the changelog from the checkpoint rewrites every later batch's whole values to the same result.
/// </summary>
public sealed class RocksDbStateStore : IStateStore
{
    // One block cache for every store of the process, so that many tasks do not each claim their own.
    private static readonly Cache SharedBlockCache = Cache.CreateLru(64UL * 1024 * 1024);

    private readonly RocksDb _db;
    private readonly WriteOptions _writeOptions = new WriteOptions().DisableWal(1);
    private int _disposed;

    private RocksDbStateStore(string name, string directory, RocksDb db)
    {
        Name = name;
        Directory = directory;
        _db = db;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The database directory.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public bool IsPersistent => true;

    /// <inheritdoc />
    public long ApproximateCount =>
        long.TryParse(_db.GetProperty("rocksdb.estimate-num-keys"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : 0;

    /// <summary>Opens (creating when missing) the database in <paramref name="directory"/>.</summary>
    public static RocksDbStateStore Open(string name, string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        System.IO.Directory.CreateDirectory(directory);
        var options = new DbOptions()
            .SetCreateIfMissing(true)
            .SetInfoLogLevel(InfoLogLevel.Warn)
            .SetKeepLogFileNum(2)
            .SetWriteBufferSize(16UL * 1024 * 1024)
            .SetMaxWriteBufferNumber(3)
            // Bloom filters answer most lookups of absent keys (a new event id, a first order) without reading blocks.
            .SetBlockBasedTableFactory(new BlockBasedTableOptions()
                .SetBlockCache(SharedBlockCache)
                .SetFilterPolicy(BloomFilterPolicy.Create(10, false))
                .SetWholeKeyFiltering(true));
        return new RocksDbStateStore(name, directory, RocksDb.Open(options, directory));
    }

    /// <inheritdoc />
    public byte[]? Get(ReadOnlySpan<byte> key) => _db.Get(key, null, null);

    /// <inheritdoc />
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => _db.Put(key, value, null, _writeOptions);

    /// <inheritdoc />
    public void Delete(ReadOnlySpan<byte> key) => _db.Remove(key, null, _writeOptions);

    /// <inheritdoc />
    public void Write(IEnumerable<KeyValuePair<byte[], byte[]?>> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        using var batch = new WriteBatch();
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                batch.Delete(key);
            }
            else
            {
                batch.Put(key, value);
            }
        }

        _db.Write(batch, _writeOptions);
    }

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[]? fromInclusive, byte[]? toExclusive)
    {
        var readOptions = new ReadOptions();
        if (toExclusive is not null)
        {
            readOptions.SetIterateUpperBound(toExclusive);
        }

        using var iterator = _db.NewIterator(null, readOptions);
        if (fromInclusive is null)
        {
            iterator.SeekToFirst();
        }
        else
        {
            iterator.Seek(fromInclusive);
        }

        while (iterator.Valid())
        {
            yield return new KeyValuePair<byte[], byte[]>(iterator.Key(), iterator.Value());
            iterator.Next();
        }

        // The upper bound lives in the read options; keep them alive until the iterator is done.
        GC.KeepAlive(readOptions);
    }

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<byte[], byte[]>> PrefixScan(byte[] prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return Range(prefix, KeyRanges.PrefixUpperBound(prefix));
    }

    /// <inheritdoc />
    public void Flush() => _db.Flush(new FlushOptions().SetWaitForFlush(true));

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _db.Dispose();
        }
    }
}
