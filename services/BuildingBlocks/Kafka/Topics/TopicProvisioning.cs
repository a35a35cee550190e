using Confluent.Kafka;

namespace CustomerStream.Kafka.Topics;

/// <summary>
/// The provisioning steps every cluster shares: read what exists from metadata, refuse mismatches, create
/// what is missing, then wait until metadata shows every topic with the right partition count. The
/// provisioners differ only in how they create a topic.
/// </summary>
internal sealed class TopicProvisioning : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly KafkaClientFactory _clients;
    private readonly Func<IReadOnlyList<TopicSpec>, CancellationToken, Task> _createMissing;
    private readonly string? _mismatchHint;
    private readonly Lazy<IAdminClient> _admin;

    /// <param name="clients">Reaches the cluster for metadata.</param>
    /// <param name="createMissing">Creates topics that do not exist (partition counts resolved).</param>
    /// <param name="mismatchHint">Added to a partition-mismatch error, to explain causes particular to the cluster.</param>
    public TopicProvisioning(
        KafkaClientFactory clients, Func<IReadOnlyList<TopicSpec>, CancellationToken, Task> createMissing, string? mismatchHint)
    {
        _clients = clients;
        _createMissing = createMissing;
        _mismatchHint = mismatchHint;
        _admin = new Lazy<IAdminClient>(() => clients.CreateAdminClient("topic-provisioner"));
    }

    public KafkaOptions Options => _clients.Options;

    /// <summary>The admin client metadata is read with, for provisioners that create topics through it too.</summary>
    public IAdminClient Admin => _admin.Value;

    private TimeSpan Timeout => TimeSpan.FromMilliseconds(Options.AdminTimeoutMs);

    public async Task<IReadOnlyList<ProvisionedTopic>> EnsureAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken)
    {
        var required = TopicPlan.Resolve(topics, Options.DefaultPartitions);
        if (required.Count == 0)
        {
            return [];
        }

        var before = TopicPlan.Create(required, await ReadPartitionCountsAsync(cancellationToken).ConfigureAwait(false));
        before.ThrowIfMismatched(_mismatchHint);
        if (before.Missing.Count > 0)
        {
            await _createMissing(before.Missing, cancellationToken).ConfigureAwait(false);
        }

        // Real Kafka creates topics asynchronously; metadata shows them a moment after CreateTopics returns.
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var after = TopicPlan.Create(required, await ReadPartitionCountsAsync(cancellationToken).ConfigureAwait(false));
            after.ThrowIfMismatched(_mismatchHint);
            if (after.Missing.Count == 0)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TopicProvisioningException(
                    $"Topics {string.Join(", ", after.Missing.Select(t => $"'{t.Name}'"))} were created but did not appear " +
                    $"in the cluster metadata within {Timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        var created = before.Missing.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return required.Select(t => new ProvisionedTopic(t.Name, t.Partitions!.Value, created.Contains(t.Name))).ToList();
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }

    /// <summary>
    /// Asks for the metadata of all topics. Asking for named topics instead would let a broker (and the
    /// embedded cluster, always) auto-create them with its default partition count.
    /// </summary>
    private Task<IReadOnlyDictionary<string, int>> ReadPartitionCountsAsync(CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyDictionary<string, int>>(
            () =>
            {
                try
                {
                    return Admin.GetMetadata(Timeout).Topics
                        .Where(t => t.Error.Code == ErrorCode.NoError)
                        .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
                }
                catch (KafkaException e)
                {
                    throw new TopicProvisioningException(
                        $"Could not read the topic list from Kafka: {e.Error.Reason}. Is the cluster reachable?", e);
                }
            },
            cancellationToken);
}
