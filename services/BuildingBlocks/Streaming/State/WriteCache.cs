namespace CustomerStream.Streaming.State;

/// <summary>
/// The writes of one batch to one store: the last value per key (null = deleted). It is what the
/// changelog gets (one record per changed key) and what the local store gets once the changelog has it.
/// </summary>
internal sealed class WriteCache
{
    private readonly Dictionary<byte[], byte[]?> _entries = new(ByteArrayComparer.Instance);
    private readonly SortedSet<byte[]> _order = new(ByteArrayComparer.Instance);

    public int Count => _entries.Count;

    /// <summary>True when the batch wrote the key; <paramref name="value"/> is then its value, or null when deleted.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, out byte[]? value) =>
        _entries.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out value);

    public void Put(byte[] key, byte[]? value)
    {
        if (_entries.TryAdd(key, value))
        {
            _order.Add(key);
        }
        else
        {
            _entries[key] = value;
        }
    }

    /// <summary>The changed keys in key order, so that changelog and store see a deterministic sequence.</summary>
    public IEnumerable<KeyValuePair<byte[], byte[]?>> Changes()
    {
        foreach (var key in _order)
        {
            yield return new KeyValuePair<byte[], byte[]?>(key, _entries[key]);
        }
    }

    public void Clear()
    {
        _entries.Clear();
        _order.Clear();
    }

    /// <summary>
    /// Overlays this batch's writes on a key-ordered scan of the local store over [from, to): written
    /// keys replace or add entries, deleted keys disappear.
    /// </summary>
    public IEnumerable<KeyValuePair<byte[], byte[]>> Overlay(
        IEnumerable<KeyValuePair<byte[], byte[]>> local, byte[]? fromInclusive, byte[]? toExclusive)
    {
        var written = WrittenBetween(fromInclusive, toExclusive);
        return written.Count == 0 ? local : Merge(local, written);
    }

    private static IEnumerable<KeyValuePair<byte[], byte[]>> Merge(
        IEnumerable<KeyValuePair<byte[], byte[]>> local, List<KeyValuePair<byte[], byte[]?>> written)
    {
        var comparer = ByteArrayComparer.Instance;
        var w = 0;
        foreach (var entry in local)
        {
            while (w < written.Count && comparer.Compare(written[w].Key, entry.Key) < 0)
            {
                if (written[w].Value is { } added)
                {
                    yield return new KeyValuePair<byte[], byte[]>(written[w].Key, added);
                }

                w++;
            }

            if (w < written.Count && comparer.Compare(written[w].Key, entry.Key) == 0)
            {
                if (written[w].Value is { } replaced)
                {
                    yield return new KeyValuePair<byte[], byte[]>(entry.Key, replaced);
                }

                w++;
                continue;
            }

            yield return entry;
        }

        for (; w < written.Count; w++)
        {
            if (written[w].Value is { } added)
            {
                yield return new KeyValuePair<byte[], byte[]>(written[w].Key, added);
            }
        }
    }

    private List<KeyValuePair<byte[], byte[]?>> WrittenBetween(byte[]? from, byte[]? to)
    {
        var result = new List<KeyValuePair<byte[], byte[]?>>();
        if (_order.Count == 0)
        {
            return result;
        }

        var comparer = ByteArrayComparer.Instance;
        var lower = from ?? _order.Min!;
        var upper = _order.Max!;
        if (to is not null && comparer.Compare(to, upper) <= 0)
        {
            upper = to;
        }

        if (comparer.Compare(lower, upper) > 0)
        {
            return result;
        }

        foreach (var key in _order.GetViewBetween(lower, upper))
        {
            if (to is not null && comparer.Compare(key, to) >= 0)
            {
                break;
            }

            result.Add(new KeyValuePair<byte[], byte[]?>(key, _entries[key]));
        }

        return result;
    }
}
