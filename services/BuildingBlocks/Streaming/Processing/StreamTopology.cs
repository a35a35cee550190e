using CustomerStream.Streaming.State;
using CustomerStream.Streaming.Topics;

namespace CustomerStream.Streaming.Processing;

/// <summary>
/// What a stream application does: which topics it reads, which stores each task keeps, and the processor
/// that turns one into the other. With stores, the input topics must have the same partition count
/// (co-partitioned): task <c>p</c> reads partition <c>p</c> of each.
/// </summary>
public sealed class StreamTopology
{
    /// <summary>Defines a topology.</summary>
    /// <param name="inputTopics">Topics to consume (at least one).</param>
    /// <param name="stores">State stores of every task (names unique); none for a stateless application.</param>
    /// <param name="processorFactory">Creates the processor of a task once its stores are restored.</param>
    /// <param name="internalTopics">
    /// Topics the application writes and owns besides its changelog (e.g. a repartition topic); they are
    /// ensured at start through the topic provisioner.
    /// </param>
    public StreamTopology(
        IEnumerable<string> inputTopics,
        IEnumerable<StoreDefinition> stores,
        Func<IProcessorContext, IStreamProcessor> processorFactory,
        IEnumerable<InternalTopicSpec>? internalTopics = null)
    {
        ArgumentNullException.ThrowIfNull(inputTopics);
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(processorFactory);
        InputTopics = inputTopics.Distinct(StringComparer.Ordinal).ToArray();
        Stores = stores.ToArray();
        ProcessorFactory = processorFactory;
        InternalTopics = internalTopics?.ToArray() ?? [];
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

    /// <summary>Topics ensured at start besides the changelog.</summary>
    public IReadOnlyList<InternalTopicSpec> InternalTopics { get; }

    /// <summary>Creates the processor of a task.</summary>
    public Func<IProcessorContext, IStreamProcessor> ProcessorFactory { get; }

    /// <summary>Whether tasks keep state (and so a changelog, and exactly-once state updates).</summary>
    public bool IsStateful => Stores.Count > 0;
}
