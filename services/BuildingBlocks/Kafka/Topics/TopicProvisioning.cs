namespace CustomerStream.Kafka.Topics;

/// <summary>
/// The provisioning steps every cluster shares: read what exists, refuse mismatches, create what is missing,
/// then wait until metadata shows every topic with the right partition count. Only "create" differs.
/// </summary>
internal static class TopicProvisioning
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<IReadOnlyList<ProvisionedTopic>> EnsureAsync(
        IEnumerable<TopicSpec> topics,
        int defaultPartitions,
        Func<CancellationToken, Task<IReadOnlyDictionary<string, int>>> readExisting,
        Func<IReadOnlyList<TopicSpec>, CancellationToken, Task> createMissing,
        TimeSpan visibilityTimeout,
        string? mismatchHint,
        CancellationToken cancellationToken)
    {
        var required = TopicPlan.Resolve(topics, defaultPartitions);
        if (required.Count == 0)
        {
            return [];
        }

        var before = TopicPlan.Create(required, await readExisting(cancellationToken).ConfigureAwait(false));
        before.ThrowIfMismatched(mismatchHint);
        if (before.Missing.Count > 0)
        {
            await createMissing(before.Missing, cancellationToken).ConfigureAwait(false);
        }

        // Real Kafka creates topics asynchronously; metadata shows them a moment after CreateTopics returns.
        var deadline = DateTime.UtcNow + visibilityTimeout;
        while (true)
        {
            var after = TopicPlan.Create(required, await readExisting(cancellationToken).ConfigureAwait(false));
            after.ThrowIfMismatched(mismatchHint);
            if (after.Missing.Count == 0)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TopicProvisioningException(
                    $"Topics {string.Join(", ", after.Missing.Select(t => $"'{t.Name}'"))} were created but did not appear " +
                    $"in the cluster metadata within {visibilityTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        var created = before.Missing.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return required.Select(t => new ProvisionedTopic(t.Name, t.Partitions!.Value, created.Contains(t.Name))).ToList();
    }
}
