using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CustomerStream.Aggregator.Domain;

namespace CustomerStream.Aggregator.Processing;

/// <summary>
/// The aggregator's own instruments (meter <c>CustomerStream.Aggregator</c>), beside the runtime's
/// records/s, lag and store sizes: what happened to the inputs and what was published.
/// </summary>
public sealed class AggregatorMetrics : IDisposable
{
    public const string MeterName = "CustomerStream.Aggregator";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _facts;
    private readonly Counter<long> _transfers;
    private readonly Counter<long> _changes;
    private readonly Counter<long> _profiles;
    private readonly Counter<long> _merges;
    private readonly Counter<long> _undecodable;
    private readonly Counter<long> _stateBytes;
    private readonly Counter<long> _statesSaved;
    private readonly Histogram<double> _processingTime;
    private readonly ConcurrentDictionary<int, int> _parked = new();

    public AggregatorMetrics()
    {
        _facts = _meter.CreateCounter<long>("customerstream.aggregator.facts", "{fact}",
            "Identity facts read, by outcome (applied, duplicate); the rate is facts/s.");
        _transfers = _meter.CreateCounter<long>("customerstream.aggregator.transfers", "{transfer}",
            "State transfers read, by outcome (applied, duplicate, forwarded, parked).");
        _changes = _meter.CreateCounter<long>("customerstream.aggregator.changes", "{change}",
            "Customer changes published to aggregate.customer-changes.v1.");
        _profiles = _meter.CreateCounter<long>("customerstream.aggregator.profile_changes", "{event}",
            "Events published to customer.profile-changed.v1.");
        _merges = _meter.CreateCounter<long>("customerstream.aggregator.merges", "{customer}",
            "Customers merged away (their state shipped to the survivor).");
        _undecodable = _meter.CreateCounter<long>("customerstream.aggregator.undecodable", "{record}",
            "Input records skipped because they could not be decoded, by topic (each one is logged with its offset).");
        _processingTime = _meter.CreateHistogram<double>("customerstream.aggregator.batch.processing_time", "s",
            "Time a task's batch spent in the aggregator itself (decoding inputs, logic, encoding states and outputs), beside the runtime's batch duration.");
        _meter.CreateObservableGauge("customerstream.aggregator.transfers.parked", ObserveParked, "{transfer}",
            "Transfers waiting for their task to read the facts up to their merge.");
        _stateBytes = _meter.CreateCounter<long>("customerstream.aggregator.state.bytes_written", "By",
            "Bytes of customer state written (keys and values: what the changelog carries for the customers store), by partition.");
        _statesSaved = _meter.CreateCounter<long>("customerstream.aggregator.state.saved", "{state}",
            "Customer states written (one changelog record each), by partition.");
    }

    public void Undecodable(string topic) => _undecodable.Add(1, new KeyValuePair<string, object?>("topic", topic));

    /// <param name="partition">The task.</param>
    /// <param name="batch">What the batch produced.</param>
    /// <param name="transferInputs">Per input of the batch (as in <see cref="AggregatorBatch.Outcomes"/>), whether it was a transfer.</param>
    /// <param name="parked">Transfers the task holds after the batch.</param>
    /// <param name="stateBytes">Bytes of customer state the batch wrote.</param>
    /// <param name="processingTime">Time the batch spent in the aggregator.</param>
    public void Batch(int partition, AggregatorBatch batch, IReadOnlyList<bool> transferInputs, int parked, long stateBytes, TimeSpan processingTime)
    {
        _processingTime.Record(processingTime.TotalSeconds);
        Span<long> facts = stackalloc long[4];
        Span<long> transfers = stackalloc long[4];
        for (var i = 0; i < batch.Outcomes.Count; i++)
        {
            var counts = i < transferInputs.Count && transferInputs[i] ? transfers : facts;
            counts[(int)batch.Outcomes[i]]++;
        }

        for (var outcome = 0; outcome < 4; outcome++)
        {
            var tag = new KeyValuePair<string, object?>("outcome", Name((FactOutcome)outcome));
            if (facts[outcome] > 0)
            {
                _facts.Add(facts[outcome], tag);
            }

            if (transfers[outcome] > 0)
            {
                _transfers.Add(transfers[outcome], tag);
            }
        }

        _changes.Add(batch.Counts.Changes);
        _profiles.Add(batch.Counts.ProfileChanges);
        _merges.Add(batch.Counts.Removals);
        _parked[partition] = parked;
        var task = new KeyValuePair<string, object?>("partition", partition);
        _stateBytes.Add(stateBytes, task);
        _statesSaved.Add(batch.SavedStates, task);
    }

    /// <summary>The meter of this instance (several aggregators may share a process, as in tests).</summary>
    internal Meter Meter => _meter;

    public void Dispose() => _meter.Dispose();

    private static string Name(FactOutcome outcome) => outcome switch
    {
        FactOutcome.Applied => "applied",
        FactOutcome.Duplicate => "duplicate",
        FactOutcome.Forwarded => "forwarded",
        FactOutcome.Erased => "erased",
        _ => "parked",
    };

    private IEnumerable<Measurement<int>> ObserveParked()
    {
        foreach (var (partition, count) in _parked)
        {
            yield return new Measurement<int>(count, new KeyValuePair<string, object?>("partition", partition));
        }
    }
}
