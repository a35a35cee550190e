using CustomerStream.Aggregator.Domain;
using CustomerStream.Contracts.Identity;

namespace CustomerStream.Aggregator.Processing;

/// <summary>
/// Drives the aggregator for one task across batches, the way the stream processor sees them: records
/// one by one, then the end of the batch with the runtime's batch version (see <see cref="OutputVersions"/>).
/// It reloads the task state at the start of every batch (so a batch the runtime abandoned and rolled back
/// leaves nothing behind in memory) and notices when that happened.
/// </summary>
public sealed class AggregatorTaskRunner
{
    private readonly IAggregatorStore _store;
    private CustomerAggregator? _batch;
    private long? _storedBatches;

    public AggregatorTaskRunner(IAggregatorStore store)
    {
        _store = store;
    }

    /// <summary>Transfers the task holds back after its last batch (waiting for their merge's facts).</summary>
    public int ParkedTransfers { get; private set; }

    /// <summary>How many times this task found its previous batch abandoned.</summary>
    public int Incarnations { get; private set; } = 1;

    public void Process(IdentityFact fact) => Begin().Apply(fact);

    public void Process(StateTransfer transfer) => Begin().Apply(transfer);

    /// <summary>Ends the batch: applies the inputs and stores every changed state, then the task state; returns what to publish.</summary>
    /// <param name="changedAt">Stamped on the outputs; the batch's latest input time keeps replays alike.</param>
    /// <param name="batchVersion">The version of the batch's outputs (the runtime's <c>IProcessorContext.BatchVersion</c>).</param>
    /// <param name="output">Receives the outputs customer by customer; without it they are collected in the batch.</param>
    public AggregatorBatch EndBatch(DateTime changedAt, long batchVersion, IAggregatorOutput? output = null)
    {
        var aggregator = Begin();
        var batch = output is null ? aggregator.EndBatch(changedAt, batchVersion) : aggregator.EndBatch(changedAt, batchVersion, output);
        var task = aggregator.TaskState;
        ParkedTransfers = task.Parked.Count;
        task.Batches++;
        _store.SaveTaskState(task);
        _storedBatches = task.Batches;
        _batch = null;
        return batch;
    }

    /// <summary>
    /// Forgets the batch in progress, for a caller that sees the runtime re-deliver records of it (the
    /// batch was abandoned before it ended). The next record starts over from the stored state.
    /// </summary>
    public void Abandon()
    {
        _batch = null;
        _storedBatches = null;
        Incarnations++;
    }

    private CustomerAggregator Begin()
    {
        if (_batch is not null)
        {
            return _batch;
        }

        var task = _store.LoadTaskState() ?? new AggregatorTaskState();
        if (_storedBatches is { } expected && task.Batches != expected)
        {
            // The last batch was rolled back after its outputs may have gone out.
            Incarnations++;
        }

        _storedBatches = task.Batches;
        _batch = new CustomerAggregator(_store, task);
        return _batch;
    }
}
