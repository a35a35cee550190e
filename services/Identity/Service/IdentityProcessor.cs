using System.Text;
using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Identity.Domain;
using CustomerStream.SchemaRegistry;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Serialization;
using CustomerStream.Streaming.State;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Identity.Service;

/// <summary>
/// The identity graph as a stream task: every ingest record (funnelled into the one partition of
/// <c>identity.input.v1</c>) goes through <see cref="IdentityEngine"/>, whose facts, links and merges are
/// forwarded as the batch's outputs. The graph lives in a RocksDB store behind a decode cache; the cache
/// is written to the store once per batch, so the batch's changelog write, outputs and input offset are
/// committed together, and an abandoned batch leaves no trace (the runtime builds a new processor).
/// </summary>
public sealed partial class IdentityProcessor : IStreamProcessor, IIdentityOutput
{
    /// <summary>The header the router puts on each funnelled record: the ingest topic it came from.</summary>
    public const string SourceTopicHeader = "cs-source-topic";

    /// <summary>The graph store: identifiers, clusters, entity versions, web events, weak identifiers.</summary>
    public static readonly KeyValueStoreDefinition<string, byte[]> GraphStore = new("identity-graph", Serdes.Utf8, Serdes.ByteArray);

    private readonly IdentityCodecs _codecs;
    private readonly ILogger _logger;
    private readonly StoredIdentityState _state;
    private readonly IdentityEngine _engine;
    private IProcessorContext _context;

    /// <summary>Creates the task's processor.</summary>
    public IdentityProcessor(IProcessorContext context, IdentityCodecs codecs, ILogger logger, int cacheCapacity, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        _codecs = codecs;
        _logger = logger;
        _context = context;
        _state = new StoredIdentityState(new StoreBytes(context.GetStore(GraphStore)), cacheCapacity);
        _engine = new IdentityEngine(_state, this, time);
    }

    /// <inheritdoc />
    public void Process(StreamRecord record, IProcessorContext context)
    {
        _context = context;
        var source = record.Headers.TryGetLastBytes(SourceTopicHeader, out var header) ? Encoding.UTF8.GetString(header) : record.Topic;
        object input;
        try
        {
            input = Decode(source, record.Value);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException && !SchemaRegistryFailures.IsUnavailable(exception))
        {
            // Ingest validated the record, so this is a schema problem (an unknown id, a schema that does not
            // resolve), not data; one record must not stop the graph, and the log names it so it can be replayed
            // once fixed. A registry that cannot be reached is no reason to skip a good record: that exception
            // fails the batch (nothing of it is committed) and the records are read again.
            IdentityTelemetry.Records.Add(1, new KeyValuePair<string, object?>("kind", source), new KeyValuePair<string, object?>("outcome", "undecodable"));
            LogUndecodable(_logger, exception, source, record.Topic, record.Partition, record.Offset);
            return;
        }

        // Past decoding, an exception is a defect of the engine: it fails the batch (nothing of it is
        // committed) rather than skipping a record the graph may have half applied.
        var (kind, outcome) = input switch
        {
            CustomerRecord customer => ("customer", _engine.Process(customer)),
            OrderRecord order => ("order", _engine.Process(order)),
            _ => ("web-event", _engine.Process((WebEvent)input)),
        };
        IdentityTelemetry.Records.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", Outcome(outcome)));
    }

    /// <inheritdoc />
    public void OnBatchEnd(IProcessorContext context) => _state.Flush();

    void IIdentityOutput.Fact(IdentityFact fact)
    {
        _context.Forward(_codecs.Facts, fact.CustomerId, fact);
        IdentityTelemetry.Emitted.Add(1, new KeyValuePair<string, object?>("type", "fact"));
    }

    void IIdentityOutput.Link(IdentityLink link)
    {
        _context.Forward(_codecs.Links, link.Identifier, link);
        IdentityTelemetry.Emitted.Add(1, new KeyValuePair<string, object?>("type", "link"));
    }

    void IIdentityOutput.Merged(CustomerMerged merged)
    {
        _context.Forward(_codecs.Merges, merged.MergedId, merged);
        IdentityTelemetry.Emitted.Add(1, new KeyValuePair<string, object?>("type", "merge"));
    }

    private object Decode(string source, byte[]? value)
    {
        if (value is null)
        {
            throw new InvalidDataException("a record without a value (tombstones are not ingest records)");
        }

        return source switch
        {
            Topics.IngestCustomers => _codecs.Customers.Deserialize(value, false, Context(source)),
            Topics.IngestOrders => _codecs.Orders.Deserialize(value, false, Context(source)),
            Topics.IngestWebEvents => _codecs.WebEvents.Deserialize(value, false, Context(source)),
            _ => throw new InvalidDataException($"the source topic '{source}' is not an ingest topic"),
        };
    }

    private static SerializationContext Context(string topic) => new(MessageComponentType.Value, topic);

    private static string Outcome(IdentityOutcome outcome) => outcome switch
    {
        IdentityOutcome.Applied => "applied",
        IdentityOutcome.NotNewer => "not_newer",
        IdentityOutcome.DuplicateEvent => "duplicate_event",
        _ => "unlinkable",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Skipped a record from {Source} that could not be read ({Topic}[{Partition}]@{Offset})")]
    private static partial void LogUndecodable(ILogger logger, Exception exception, string source, string topic, int partition, long offset);
}
