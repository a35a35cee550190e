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
}
