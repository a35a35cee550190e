namespace CustomerStream.Streaming.State;

/// <summary>
/// A store in memory, for tests and small state. Safe for concurrent use; range and prefix scans return a
/// snapshot, so they cost memory in proportion to what they return.
/// </summary>
public sealed class InMemoryStateStore : IStateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<byte[], byte[]> _values = new(ByteArrayComparer.Instance);
    private readonly SortedSet<byte[]> _keys = new(ByteArrayComparer.Instance);

    /// <summary>Creates an empty store.</summary>
    public InMemoryStateStore(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool IsPersistent => false;

    /// <inheritdoc />
    public long ApproximateCount
    {
        get
        {
            lock (_gate)
            {
                return _values.Count;
            }
        }
    }

    /// <inheritdoc />
    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        var lookup = _values.GetAlternateLookup<ReadOnlySpan<byte>>();
        lock (_gate)
        {
            return lookup.TryGetValue(key, out var value) ? value.ToArray() : null;
        }
    }

    /// <inheritdoc />
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var owned = key.ToArray();
        lock (_gate)
        {
            PutLocked(owned, value.ToArray());
        }
    }

    /// <inheritdoc />
    public void Delete(ReadOnlySpan<byte> key)
    {
        var owned = key.ToArray();
        lock (_gate)
        {
            DeleteLocked(owned);
        }
    }

    /// <inheritdoc />
    public void Write(IEnumerable<KeyValuePair<byte[], byte[]?>> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        lock (_gate)
        {
            foreach (var (key, value) in changes)
            {
                if (value is null)
                {
                    DeleteLocked(key);
                }
                else
                {
                    PutLocked(key, value);
                }
            }
        }
    }

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<byte[], byte[]>> Range(byte[]? fromInclusive, byte[]? toExclusive)
    {
        lock (_gate)
        {
            return SnapshotLocked(fromInclusive, toExclusive);
        }
    }

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<byte[], byte[]>> PrefixScan(byte[] prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return Range(prefix, KeyRanges.PrefixUpperBound(prefix));
    }

    /// <inheritdoc />
    public void Flush() { }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _values.Clear();
            _keys.Clear();
        }
    }

    private void PutLocked(byte[] key, byte[] value)
    {
        if (_values.TryAdd(key, value))
        {
            _keys.Add(key);
        }
        else
        {
            _values[key] = value;
        }
    }

    private void DeleteLocked(byte[] key)
    {
        if (_values.Remove(key))
        {
            _keys.Remove(key);
        }
    }

    private List<KeyValuePair<byte[], byte[]>> SnapshotLocked(byte[]? from, byte[]? to)
    {
        var result = new List<KeyValuePair<byte[], byte[]>>();
        if (_keys.Count == 0)
        {
            return result;
        }

        var comparer = ByteArrayComparer.Instance;
        var lower = from ?? _keys.Min!;
        var upper = _keys.Max!;
        if (to is not null && comparer.Compare(to, upper) <= 0)
        {
            upper = to;
        }

        if (comparer.Compare(lower, upper) > 0)
        {
            return result;
        }

        foreach (var key in _keys.GetViewBetween(lower, upper))
        {
            if (to is not null && comparer.Compare(key, to) >= 0)
            {
                break;
            }

            result.Add(new KeyValuePair<byte[], byte[]>(key.ToArray(), _values[key].ToArray()));
        }

        return result;
    }
}
