namespace CustomerStream.Streaming.State;

/// <summary>Conveniences over <see cref="IKeyValueStore{TKey,TValue}"/>.</summary>
public static class KeyValueStoreExtensions
{
    /// <summary>The value of <paramref name="key"/>, or <paramref name="defaultValue"/> when absent.</summary>
    public static TValue GetOrDefault<TKey, TValue>(this IKeyValueStore<TKey, TValue> store, TKey key, TValue defaultValue)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.TryGet(key, out var value) ? value : defaultValue;
    }

    /// <summary>
    /// Replaces the value of <paramref name="key"/> with <paramref name="update"/>(current, or
    /// <paramref name="initial"/> when absent) and increments its version; returns what was stored.
    /// </summary>
    public static Versioned<TValue> Update<TKey, TValue>(
        this IKeyValueStore<TKey, Versioned<TValue>> store,
        TKey key,
        TValue initial,
        Func<TValue, TValue> update)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(update);
        var current = store.TryGet(key, out var existing) ? existing : new Versioned<TValue>(0, initial);
        var next = new Versioned<TValue>(current.Version + 1, update(current.Value));
        store.Put(key, next);
        return next;
    }
}
