using System.Text;
using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Erasure;
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
/// The identity graph as a stream task: every erasure request (applied first in each batch) and every ingest
/// record (the task reads every partition of the ledger and the three ingest topics) goes through <see cref="IdentityEngine"/>, whose facts, links and merges are
/// forwarded as the batch's outputs. The graph lives in a RocksDB store behind a decode cache; the cache
/// is written to the store once per batch, so the batch's changelog write, outputs and input offset are
/// committed together, and an abandoned batch leaves no trace (the runtime builds a new processor).
/// </summary>
public sealed partial class IdentityProcessor : IStreamProcessor, IIdentityOutput
{
    /// <summary>The graph store: identifiers, clusters, entity versions, web events, weak identifiers.</summary>
    public static readonly KeyValueStoreDefinition<string, byte[]> GraphStore = new("identity-graph", Serdes.Utf8, Serdes.ByteArray);

    private readonly IdentityCodecs _codecs;
    private readonly ILogger _logger;
    private readonly StoreBytes _bytes;
    private readonly StoredIdentityState _state;
    private bool _indexed;
    private readonly IdentityEngine _engine;
    private IProcessorContext _context;

    /// <summary>Creates the task's processor.</summary>
    public IdentityProcessor(IProcessorContext context, IdentityCodecs codecs, ILogger logger, int cacheCapacity, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        _codecs = codecs;
        _logger = logger;
        _context = context;
        _bytes = new StoreBytes(context.GetStore(GraphStore));
        _state = new StoredIdentityState(_bytes, cacheCapacity);
        _engine = new IdentityEngine(_state, this, time);
    }

    /// <inheritdoc />
    public void Process(StreamRecord record, IProcessorContext context)
    {
        _context = context;
        if (!_indexed)
        {
            // Inside a batch, so the index entries go to the changelog with it.
            var written = _state.EnsureDerivedIndex(_bytes.Identifiers);
            if (written > 0)
            {
                LogIndexed(_logger, written);
            }

            _indexed = true;
        }

        var source = record.Topic;
        object input;
        try
        {
            input = Decode(source, record.Value);
        }
        catch (Exception exception) when (SchemaRegistryFailures.IsUndecodable(exception))
        {
            // One record that can never be read must not stop the graph; it goes, as it was, to the dead-letter topic,
            // from where it can be replayed once fixed. A registry that cannot be reached is no reason to give up on a
            // good record: that exception goes to the runtime, which retries the batch (IdentityTopologies).
            IdentityTelemetry.Records.Add(1, new KeyValuePair<string, object?>("kind", source), new KeyValuePair<string, object?>("outcome", "undecodable"));
            LogUndecodable(_logger, exception, source, record.Topic, record.Partition, record.Offset);
            context.DeadLetter(exception);
            return;
        }
        catch (Exception exception) when (SchemaRegistryFailures.IsNotFound(exception))
        {
            throw SchemaRegistryFailures.MissingSchema(exception, record.Topic, record.Partition, record.Offset);
        }

        // Past decoding, an exception is a defect of the engine: it fails the batch (nothing of it is
        // committed) rather than skipping a record the graph may have half applied.
        if (input is ErasureRequest erasure)
        {
            var erased = _engine.Erase(erasure);
            IdentityTelemetry.Erasures.Add(1, new KeyValuePair<string, object?>("outcome", erased.ToString().ToLowerInvariant()));
            LogErasure(_logger, erasure.ErasureId, erasure.SubjectKind, erased);
            return;
        }

        var (kind, outcome) = input switch
        {
            CustomerRecord customer => ("customer", _engine.Process(customer)),
            OrderRecord order => ("order", _engine.Process(order)),
            _ => ("web-event", _engine.Process((WebEvent)input)),
        };
        IdentityTelemetry.Records.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", Outcome(outcome)));
        if (outcome == IdentityOutcome.Erased)
        {
            // Never silent: counted above (outcome "erased") and logged, without the record's personal data.
            LogRefused(_logger, kind, record.Topic, record.Partition, record.Offset);
        }
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

    void IIdentityOutput.Erased(CustomerErased erased)
    {
        _context.Forward(_codecs.Erased, erased.CustomerId, erased);
        IdentityTelemetry.Emitted.Add(1, new KeyValuePair<string, object?>("type", "erasure"));
    }

    private object Decode(string source, byte[]? value)
    {
        if (value is null)
        {
            throw new InvalidDataException("A record without a value (tombstones are not ingest records).");
        }

        return source switch
        {
            Topics.IngestCustomers => _codecs.Customers.Deserialize(value, false, Context(source)),
            Topics.IngestOrders => _codecs.Orders.Deserialize(value, false, Context(source)),
            Topics.IngestWebEvents => _codecs.WebEvents.Deserialize(value, false, Context(source)),
            Topics.ErasureRequests => _codecs.Erasures.Deserialize(value, false, Context(source)),
            _ => throw new InvalidDataException($"The source topic '{source}' is not an ingest topic."),
        };
    }

    private static SerializationContext Context(string topic) => new(MessageComponentType.Value, topic);

    private static string Outcome(IdentityOutcome outcome) => outcome switch
    {
        IdentityOutcome.Applied => "applied",
        IdentityOutcome.NotNewer => "not_newer",
        IdentityOutcome.DuplicateEvent => "duplicate_event",
        IdentityOutcome.Erased => "erased",
        _ => "unlinkable",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Indexed {Count} identifiers by their Customer360 ID (a graph stored before erasures existed)")]
    private static partial void LogIndexed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erasure {ErasureId} ({SubjectKind}): {Outcome}")]
    private static partial void LogErasure(ILogger logger, string erasureId, string subjectKind, ErasureOutcome outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a {Kind} record of an erased person ({Topic}[{Partition}]@{Offset})")]
    private static partial void LogRefused(ILogger logger, string kind, string topic, int partition, long offset);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dead-lettered a record from {Source} that could not be read ({Topic}[{Partition}]@{Offset})")]
    private static partial void LogUndecodable(ILogger logger, Exception exception, string source, string topic, int partition, long offset);
}
