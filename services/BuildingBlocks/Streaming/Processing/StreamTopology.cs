using CustomerStream.Streaming.State;
using CustomerStream.Streaming.Topics;

namespace CustomerStream.Streaming.Processing;

/// <summary>
/// What a stream application does: which topics it reads, which stores each task keeps, and the processor
/// that turns one into the other. With stores, the input topics must have the same partition count
/// (co-partitioned): task <c>p</c> reads partition <c>p</c> of each — unless the topology is a
/// <see cref="LeaseTopic">single task</see>.
/// </summary>
public sealed class StreamTopology
{
    /// <summary>Defines a topology.</summary>
    /// <param name="inputTopics">Topics to consume (at least one).</param>
    /// <param name="stores">State stores of every task (names unique); none for a stateless application.</param>
    /// <param name="processorFactory">Creates the processor of a task once its stores are restored.</param>
    public StreamTopology(
        IEnumerable<string> inputTopics,
        IEnumerable<StoreDefinition> stores,
        Func<IProcessorContext, IStreamProcessor> processorFactory)
    {
        ArgumentNullException.ThrowIfNull(inputTopics);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(processorFactory);
        InputTopics = inputTopics.Distinct(StringComparer.Ordinal).ToArray();
        Stores = stores.ToArray();
        ProcessorFactory = processorFactory;
        if (InputTopics.Count == 0 || InputTopics.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A topology needs at least one input topic, and names must not be blank.", nameof(inputTopics));
        }

        var duplicate = Stores.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Store '{duplicate.Key}' is declared twice.", nameof(stores));
        }
    }

    /// <summary>The input topics.</summary>
    public IReadOnlyList<string> InputTopics { get; }

    /// <summary>The stores of every task.</summary>
    public IReadOnlyList<StoreDefinition> Stores { get; }

    /// <summary>Creates the processor of a task.</summary>
    public Func<IProcessorContext, IStreamProcessor> ProcessorFactory { get; }

    /// <summary>
    /// Makes the application ONE task that reads every partition of every input topic (for logic that needs a
    /// global view, like an identity graph), owned by whichever instance the group gives partition 0 of this
    /// one-partition topic (nothing is ever written to it; it is ensured at start). The other instances stand by
    /// and take over, restoring from the changelog, when the owner leaves. Each batch writes its plan (which
    /// input records it takes) to the changelog before any output and processes its records in a fixed order
    /// (topic, partition, offset), so a batch processed again after a crash — by this instance or the next
    /// owner — takes the same records in the same order and produces the same outputs. Requires stores.
    /// </summary>
    public string? LeaseTopic { get; init; }

    /// <summary>
    /// Where <see cref="IProcessorContext.DeadLetter"/> sends a record the processor cannot decode or process (a
    /// <c>&lt;stage&gt;.dead-letter.v1</c> topic, see <see cref="CustomerStream.Kafka.Faults.DeadLetters"/>); ensured at start like the
    /// changelog. Null: the topology dead-letters nothing (<c>DeadLetter</c> throws).
    /// </summary>
    public InternalTopicSpec? DeadLetterTopic { get; init; }

    /// <summary>
    /// Recognizes exceptions of the processor that mean a dependency is away (e.g. the Schema Registry does not
    /// answer), not that the record is bad: the runtime abandons the task's batch (nothing of it is committed),
    /// waits with <see cref="CustomerStream.Kafka.Faults.RetryBackoff"/> and processes the same records again, for as long as it takes;
    /// it never skips them. Counted in the <c>customerstream.streaming.processing.retries</c> metric. Any other
    /// exception stops the application. Null: every exception stops it.
    /// </summary>
    public Func<Exception, bool>? RetryOn { get; init; }

    /// <summary>Whether all input partitions form one task (see <see cref="LeaseTopic"/>).</summary>
    public bool IsSingleTask => LeaseTopic is not null;

    /// <summary>Whether tasks keep state (and so a changelog, and exactly-once state updates).</summary>
    public bool IsStateful => Stores.Count > 0;
}
