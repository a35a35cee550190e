using Confluent.Kafka;

namespace CustomerStream.Streaming.Processing;

/// <summary>
/// A typed output topic: its name and how keys and values become bytes. Synchronous serializers run when
/// the processor forwards; asynchronous ones (e.g. Schema Registry Avro serializers) run when the batch's
/// outputs are produced. Either way the topic is passed in the <see cref="SerializationContext"/>, so
/// subject naming by topic works.
/// </summary>
public sealed class OutputTopic<TKey, TValue>
{
    /// <summary>Synchronous key and value serializers.</summary>
    public OutputTopic(string name, ISerializer<TKey> keySerializer, ISerializer<TValue> valueSerializer)
        : this(name)
    {
        ArgumentNullException.ThrowIfNull(keySerializer);
        ArgumentNullException.ThrowIfNull(valueSerializer);
        KeySerializer = keySerializer;
        ValueSerializer = valueSerializer;
    }

    /// <summary>A synchronous key serializer and an asynchronous value serializer (the usual Avro case).</summary>
    public OutputTopic(string name, ISerializer<TKey> keySerializer, IAsyncSerializer<TValue> valueSerializer)
        : this(name)
    {
        ArgumentNullException.ThrowIfNull(keySerializer);
        ArgumentNullException.ThrowIfNull(valueSerializer);
        KeySerializer = keySerializer;
        AsyncValueSerializer = valueSerializer;
    }

    /// <summary>An asynchronous key serializer and a synchronous value serializer.</summary>
    public OutputTopic(string name, IAsyncSerializer<TKey> keySerializer, ISerializer<TValue> valueSerializer)
        : this(name)
    {
        ArgumentNullException.ThrowIfNull(keySerializer);
        ArgumentNullException.ThrowIfNull(valueSerializer);
        AsyncKeySerializer = keySerializer;
        ValueSerializer = valueSerializer;
    }

    /// <summary>Asynchronous key and value serializers.</summary>
    public OutputTopic(string name, IAsyncSerializer<TKey> keySerializer, IAsyncSerializer<TValue> valueSerializer)
        : this(name)
    {
        ArgumentNullException.ThrowIfNull(keySerializer);
        ArgumentNullException.ThrowIfNull(valueSerializer);
        AsyncKeySerializer = keySerializer;
        AsyncValueSerializer = valueSerializer;
    }

    private OutputTopic(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The topic name.</summary>
    public string Name { get; }

    internal ISerializer<TKey>? KeySerializer { get; }

    internal IAsyncSerializer<TKey>? AsyncKeySerializer { get; }

    internal ISerializer<TValue>? ValueSerializer { get; }

    internal IAsyncSerializer<TValue>? AsyncValueSerializer { get; }

    internal bool IsSynchronous => KeySerializer is not null && ValueSerializer is not null;

    internal async ValueTask<(byte[]? Key, byte[]? Value)> SerializeAsync(TKey key, TValue value, Headers headers)
    {
        var keyContext = new SerializationContext(MessageComponentType.Key, Name, headers);
        var valueContext = new SerializationContext(MessageComponentType.Value, Name, headers);
        var keyBytes = KeySerializer is not null
            ? KeySerializer.Serialize(key, keyContext)
            : await AsyncKeySerializer!.SerializeAsync(key, keyContext).ConfigureAwait(false);
        var valueBytes = ValueSerializer is not null
            ? ValueSerializer.Serialize(value, valueContext)
            : await AsyncValueSerializer!.SerializeAsync(value, valueContext).ConfigureAwait(false);
        return (keyBytes, valueBytes);
    }

    internal (byte[]? Key, byte[]? Value) Serialize(TKey key, TValue value, Headers headers) =>
        (KeySerializer!.Serialize(key, new SerializationContext(MessageComponentType.Key, Name, headers)),
            ValueSerializer!.Serialize(value, new SerializationContext(MessageComponentType.Value, Name, headers)));
}
