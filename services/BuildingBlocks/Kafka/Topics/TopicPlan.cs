namespace CustomerStream.Kafka.Topics;

/// <summary>
/// Compares the topics asked for with the topics a cluster has: which are missing and which exist with
/// another partition count. Pure, so every provisioner decides the same way.
/// </summary>
internal sealed class TopicPlan
{
    private TopicPlan(IReadOnlyList<TopicSpec> missing, IReadOnlyList<string> mismatches)
    {
        Missing = missing;
        Mismatches = mismatches;
    }

    public IReadOnlyList<TopicSpec> Missing { get; }

    public IReadOnlyList<string> Mismatches { get; }

    /// <summary>Gives every topic its partition count and drops repeats; the same name with two counts is an error.</summary>
    public static IReadOnlyList<TopicSpec> Resolve(IEnumerable<TopicSpec> topics, int defaultPartitions)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var byName = new Dictionary<string, TopicSpec>(StringComparer.Ordinal);
        var ordered = new List<TopicSpec>();
        foreach (var topic in topics)
        {
            var resolved = new TopicSpec(topic.Name, topic.Partitions ?? defaultPartitions, topic.Config);
            if (byName.TryGetValue(resolved.Name, out var seen))
            {
                if (seen.Partitions != resolved.Partitions)
                {
                    throw new ArgumentException(
                        $"Topic '{resolved.Name}' is asked for with {seen.Partitions} and with {resolved.Partitions} partitions.",
                        nameof(topics));
                }

                continue;
            }

            byName.Add(resolved.Name, resolved);
            ordered.Add(resolved);
        }

        return ordered;
    }

    /// <param name="required">Topics with their partition counts resolved (see <see cref="Resolve"/>).</param>
    /// <param name="existing">Partition count of every topic the cluster has.</param>
    public static TopicPlan Create(IReadOnlyList<TopicSpec> required, IReadOnlyDictionary<string, int> existing)
    {
        var missing = new List<TopicSpec>();
        var mismatches = new List<string>();
        foreach (var topic in required)
        {
            if (!existing.TryGetValue(topic.Name, out var actual))
            {
                missing.Add(topic);
            }
            else if (actual != topic.Partitions)
            {
                mismatches.Add($"'{topic.Name}' has {actual} partitions, {topic.Partitions} are required");
            }
        }

        return new TopicPlan(missing, mismatches);
    }

    /// <summary>
    /// Partition counts decide which instance owns which key, so a different count is never adjusted
    /// silently: the operator decides (recreate the topic, or configure the count it has).
    /// </summary>
    public void ThrowIfMismatched(string? hint = null)
    {
        if (Mismatches.Count == 0)
        {
            return;
        }

        var message = $"Topic partition counts differ from what is required: {string.Join("; ", Mismatches)}. " +
                      "Delete and recreate the topics, or configure the partition counts they have (Kafka:DefaultPartitions).";
        throw new TopicProvisioningException(hint is null ? message : $"{message} {hint}");
    }
}
