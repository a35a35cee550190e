using Confluent.Kafka;

namespace CustomerStream.Streaming.Processing;

/// <summary>
/// A typed output topic: its name and how keys and values become bytes. Serializers run when the processor
/// forwards, on the stream thread; an asynchronous one (e.g. a Schema Registry Avro serializer) that has to wait
/// blocks that thread until it is done. The topic is passed in the <see cref="SerializationContext"/>, so subject
/// naming by topic works.
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

    internal (byte[]? Key, byte[]? Value) Serialize(TKey key, TValue value, Headers headers)
    {
        var keyContext = new SerializationContext(MessageComponentType.Key, Name, headers);
        var valueContext = new SerializationContext(MessageComponentType.Value, Name, headers);
        var keyBytes = KeySerializer is not null ? KeySerializer.Serialize(key, keyContext) : Wait(AsyncKeySerializer!.SerializeAsync(key, keyContext));
        var valueBytes = ValueSerializer is not null
            ? ValueSerializer.Serialize(value, valueContext)
            : Wait(AsyncValueSerializer!.SerializeAsync(value, valueContext));
        return (keyBytes, valueBytes);
    }

    // The common case (a schema id already known) completes synchronously and costs no wait.
    private static byte[]? Wait(Task<byte[]> serialization) =>
        serialization.IsCompletedSuccessfully ? serialization.Result : serialization.GetAwaiter().GetResult();
}
