using Confluent.Kafka;
using CustomerStream.SchemaRegistry.Serdes;

namespace CustomerStream.Ingest.Publishing;

/// <summary>
/// Turns one record into its Kafka value for one topic. With the Avro serializer (the product's) the schema id is
/// looked up once, when the encoder is made, and every record is then encoded synchronously, with no task and no
/// lookup per record; any other <see cref="IAsyncSerializer{T}"/> is called as it is.
/// </summary>
internal sealed class RecordEncoder<T>
{
    private readonly ConfluentAvroEncoder<T>? _avro;
    private readonly IAsyncSerializer<T> _serializer;
    private readonly string _topic;

    private RecordEncoder(IAsyncSerializer<T> serializer, ConfluentAvroEncoder<T>? avro, string topic)
    {
        _serializer = serializer;
        _avro = avro;
        _topic = topic;
    }

    /// <summary>True when <see cref="Encode"/> can be used (no registry call is left to make).</summary>
    public bool IsSynchronous => _avro is not null;

    /// <exception cref="Confluent.SchemaRegistry.SchemaRegistryException">The registry refused the schema.</exception>
    /// <exception cref="CustomerStream.SchemaRegistry.SchemaRegistryUnavailableException">The registry did not answer.</exception>
    public static async ValueTask<RecordEncoder<T>> CreateAsync(IAsyncSerializer<T> serializer, string topic, CancellationToken cancellationToken)
    {
        var avro = serializer is AvroSerializer<T> avroSerializer
            ? await avroSerializer.GetEncoderAsync(topic, isKey: false, cancellationToken).ConfigureAwait(false)
            : null;
        return new RecordEncoder<T>(serializer, avro, topic);
    }

    public byte[] Encode(T value) => _avro!.Encode(value);

    public Task<byte[]> EncodeAsync(T value, Headers headers) =>
        _serializer.SerializeAsync(value, new SerializationContext(MessageComponentType.Value, _topic, headers));
}
