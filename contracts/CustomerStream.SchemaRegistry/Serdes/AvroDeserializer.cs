using System.Collections.Concurrent;
using Avro;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Schema = Avro.Schema;
using CustomerStream.SchemaRegistry.Codec;

namespace CustomerStream.SchemaRegistry.Serdes;

/// <summary>
/// Deserializes Confluent-framed Avro into <typeparamref name="T"/>: reads the writer's schema from the
/// registry by the id in the message (once per id, through Confluent's <see cref="ISchemaRegistryClient"/>) and resolves it to the reader schema (the
/// contract), so that data written with an older or newer compatible schema still reads.
/// Use it as a Confluent.Kafka <see cref="IAsyncDeserializer{T}"/>, or as an
/// <see cref="IDeserializer{T}"/> through <see cref="AsSyncDeserializer"/> for a consume loop. A
/// null message (tombstone) gives <c>default</c>.
/// </summary>
public sealed class AvroDeserializer<T> : IAsyncDeserializer<T>
{
    private readonly ISchemaRegistryClient _client;
    private readonly Schema _readerSchema;
    // Parsed once per distinct text for the whole process, so that readers built by several
    // deserializers for the same writer schema share one plan in the codec's cache.
    private static readonly ConcurrentDictionary<string, Schema> ParsedWriterSchemas = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, AvroReader<T>> _readers = new();

    /// <summary>Creates a deserializer reading into <paramref name="readerSchema"/>, or the contract schema of <typeparamref name="T"/> when null.</summary>
    public AvroDeserializer(ISchemaRegistryClient client, Schema? readerSchema = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _readerSchema = readerSchema ?? ContractSchemaSource.For(typeof(T));
        // Fail at construction, not on the first message, when T does not fit its own schema.
        AvroCodec.Reader<T>(_readerSchema);
    }

    /// <summary>The schema values are read into.</summary>
    public Schema ReaderSchema => _readerSchema;

    /// <inheritdoc />
    public async Task<T> DeserializeAsync(ReadOnlyMemory<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull)
        {
            return default!;
        }

        var id = ConfluentWireFormat.ReadHeader(data.Span, out _, context.Topic);
        if (!_readers.TryGetValue(id, out var reader))
        {
            reader = await GetReaderAsync(id, context.Topic).ConfigureAwait(false);
        }

        return Read(reader, data.Span[ConfluentWireFormat.HeaderSize..], id, context.Topic);
    }

    /// <summary>Deserializes one framed message; blocks only the first time a schema id is seen.</summary>
    /// <exception cref="InvalidDataException">Not Confluent-framed.</exception>
    /// <exception cref="AvroMappingException">The writer's schema cannot be resolved to the reader's; the message names the field.</exception>
    /// <exception cref="AvroDataException">The Avro bytes are corrupt or hold a value the reader cannot take.</exception>
    public T Deserialize(ReadOnlySpan<byte> data, string? topic = null)
    {
        var id = ConfluentWireFormat.ReadHeader(data, out var payload, topic);
        if (!_readers.TryGetValue(id, out var reader))
        {
            reader = Task.Run(() => GetReaderAsync(id, topic)).GetAwaiter().GetResult();
        }

        return Read(reader, payload, id, topic);
    }

    /// <summary>The reader for data written with schema <paramref name="schemaId"/> (fetched and resolved once).</summary>
    /// <exception cref="SchemaRegistryException">The registry does not know the id (40403) or refused otherwise.</exception>
    /// <exception cref="SchemaRegistryUnavailableException">The registry did not answer after the client's retries.</exception>
    public async Task<AvroReader<T>> GetReaderAsync(int schemaId, string? topic = null, CancellationToken cancellationToken = default)
    {
        if (_readers.TryGetValue(schemaId, out var cached))
        {
            return cached;
        }

        string text;
        try
        {
            text = (await _client.GetSchemaAsync(schemaId, format: null).WaitAsync(cancellationToken).ConfigureAwait(false)).SchemaString;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
                                  && SchemaRegistryFailures.WithContext(e, $"fetch the writer's schema id {schemaId}{(topic is null ? "" : $" of a message on topic '{topic}'")}") is { } failure)
        {
            throw failure;
        }

        Schema writerSchema;
        try
        {
            writerSchema = ParsedWriterSchemas.GetOrAdd(text, static t => Schema.Parse(t) ?? throw new SchemaParseException("it names no known Avro type"));
        }
        catch (Exception e) when (e is SchemaParseException or AvroException or Newtonsoft.Json.JsonException)
        {
            throw new AvroMappingException($"The registry's schema {schemaId} is not a valid Avro schema: {e.Message}", e);
        }

        AvroReader<T> reader;
        try
        {
            reader = AvroCodec.Reader<T>(writerSchema, _readerSchema);
        }
        catch (AvroMappingException e)
        {
            var where = topic is null ? "" : $" on topic '{topic}'";
            throw new AvroMappingException(
                $"Messages{where} written with schema id {schemaId} ({writerSchema.Fullname}) cannot be read as {typeof(T).Name}: {e.Message}", e);
        }

        return _readers.GetOrAdd(schemaId, reader);
    }

    /// <summary>
    /// This deserializer as a Confluent.Kafka <see cref="IDeserializer{T}"/> for a consume loop: no task
    /// per message, fully synchronous once a schema id is known; the first message of a new id waits
    /// for the registry on a thread-pool thread, so it cannot deadlock a synchronization context.
    /// </summary>
    public IDeserializer<T> AsSyncDeserializer() => new SyncDeserializer(this);

    private static T Read(AvroReader<T> reader, ReadOnlySpan<byte> payload, int id, string? topic)
    {
        try
        {
            return reader.Read(payload);
        }
        catch (AvroDataException e)
        {
            var where = topic is null ? "" : $" on topic '{topic}'";
            throw new AvroDataException($"A message{where} (schema id {id}) could not be decoded: {e.Message}", e);
        }
    }

    private sealed class SyncDeserializer(AvroDeserializer<T> inner) : IDeserializer<T>
    {
        public T Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
            isNull ? default! : inner.Deserialize(data, context.Topic);
    }
}
