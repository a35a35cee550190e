using System.Collections.Concurrent;
using Avro;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Schema = Avro.Schema;
using CustomerStream.SchemaRegistry.Codec;
using RegistrySchema = Confluent.SchemaRegistry.Schema;

namespace CustomerStream.SchemaRegistry.Serdes;

/// <summary>
/// Serializes <typeparamref name="T"/> as Avro in the Confluent wire format, registering (or looking
/// up) its schema under the subject of the topic on first use, through Confluent's <see cref="ISchemaRegistryClient"/>;
/// the id is then cached per subject. Its frames are byte for byte those of Confluent's own <c>AvroSerializer</c>.
/// Use it as a Confluent.Kafka <see cref="IAsyncSerializer{T}"/>, or as an <see cref="ISerializer{T}"/>
/// through <see cref="AsSyncSerializer"/> (it blocks only on the first message of a subject).
/// For hot loops, <see cref="GetEncoderAsync"/> hands out the encoder bound to the schema id.
/// </summary>
/// <typeparam name="T">A contract type (its schema comes from the contract's <c>.avsc</c>) or any type matching the schema given.</typeparam>
public sealed class AvroSerializer<T> : IAsyncSerializer<T>
{
    private readonly ISchemaRegistryClient _client;
    private readonly AvroSerializerConfig _config;
    private readonly Schema _schema;
    private readonly RegistrySchema _registrySchema;
    private readonly AvroWriter<T> _writer;
    // By topic and component, so that the per-message path does not even build the subject name.
    private readonly ConcurrentDictionary<(string Topic, bool IsKey), ConfluentAvroEncoder<T>> _encoders = new();

    /// <summary>Creates a serializer for <paramref name="schema"/>, or for the contract schema of <typeparamref name="T"/> when null.</summary>
    /// <exception cref="AvroMappingException"><typeparamref name="T"/> does not fit the schema; the message names the field.</exception>
    public AvroSerializer(ISchemaRegistryClient client, AvroSerializerConfig? config = null, Schema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _config = config ?? new AvroSerializerConfig();
        _schema = schema ?? ContractSchemaSource.For(typeof(T));
        _registrySchema = new RegistrySchema(ContractSchemaSource.TextOf(_schema), SchemaType.Avro);
        _writer = AvroCodec.Writer<T>(_schema);
    }

    /// <summary>The schema values are written with.</summary>
    public Schema Schema => _schema;

    /// <inheritdoc />
    public async Task<byte[]> SerializeAsync(T data, SerializationContext context)
    {
        var encoder = await GetEncoderAsync(context.Topic, context.Component == MessageComponentType.Key).ConfigureAwait(false);
        return encoder.Encode(data);
    }

    /// <summary>
    /// The encoder for <paramref name="topic"/>'s subject, registering or looking up the schema the first time.
    /// </summary>
    /// <exception cref="SchemaRegistryException">The registry refused the schema (e.g. 409 incompatible: the message names the fields).</exception>
    /// <exception cref="SchemaRegistryUnavailableException">The registry did not answer after the client's retries.</exception>
    public async ValueTask<ConfluentAvroEncoder<T>> GetEncoderAsync(string topic, bool isKey = false, CancellationToken cancellationToken = default)
    {
        if (_encoders.TryGetValue((topic, isKey), out var encoder))
        {
            return encoder;
        }

        var subject = SubjectNames.For(_config.SubjectNameStrategy, topic, isKey, _schema.Fullname);
        int id;
        try
        {
            id = _config.AutoRegisterSchemas
                ? await _client.RegisterSchemaAsync(subject, _registrySchema, normalize: false).WaitAsync(cancellationToken).ConfigureAwait(false)
                : await _client.GetSchemaIdAsync(subject, _registrySchema, normalize: false).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
                                  && SchemaRegistryFailures.WithContext(e, $"{(_config.AutoRegisterSchemas ? "register" : "find")} the schema of {_schema.Fullname} under subject '{subject}' (topic '{topic}')") is { } failure)
        {
            throw failure;
        }

        return _encoders.GetOrAdd((topic, isKey), new ConfluentAvroEncoder<T>(subject, id, _writer));
    }

    /// <summary>
    /// This serializer as a Confluent.Kafka <see cref="ISerializer{T}"/>, for <c>Produce</c>: after the first
    /// message of a subject it is fully synchronous; that first message waits for the registry on a
    /// thread-pool thread, so it cannot deadlock a synchronization context.
    /// </summary>
    public ISerializer<T> AsSyncSerializer() => new SyncSerializer(this);

    private sealed class SyncSerializer(AvroSerializer<T> inner) : ISerializer<T>
    {
        public byte[] Serialize(T data, SerializationContext context)
        {
            var isKey = context.Component == MessageComponentType.Key;
            if (!inner._encoders.TryGetValue((context.Topic, isKey), out var encoder))
            {
                encoder = Task.Run(() => inner.GetEncoderAsync(context.Topic, isKey).AsTask())
                    .GetAwaiter()
                    .GetResult();
            }

            return encoder.Encode(data);
        }
    }
}
