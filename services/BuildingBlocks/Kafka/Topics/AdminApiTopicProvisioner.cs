using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Kafka.Topics;

/// <summary>
/// Provisions topics on a real Kafka cluster with the Admin API. A topic that another instance created
/// meanwhile (<c>TopicAlreadyExists</c>) counts as success; its partition count is still checked.
/// </summary>
public sealed partial class AdminApiTopicProvisioner : ITopicProvisioner, IDisposable
{
    private readonly KafkaClientFactory _clients;
    private readonly ILogger<AdminApiTopicProvisioner> _logger;
    private readonly Lazy<IAdminClient> _admin;

    /// <summary>Creates a provisioner that talks to <see cref="KafkaOptions.BootstrapServers"/>.</summary>
    public AdminApiTopicProvisioner(KafkaClientFactory clients, ILogger<AdminApiTopicProvisioner> logger)
    {
        _clients = clients;
        _logger = logger;
        _admin = new Lazy<IAdminClient>(() => clients.CreateAdminClient("topic-provisioner"));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProvisionedTopic>> EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(_clients.Options.AdminTimeoutMs);
        return TopicProvisioning.EnsureAsync(
            topics,
            _clients.Options.DefaultPartitions,
            ct => ClusterMetadata.ReadPartitionCountsAsync(_admin.Value, timeout, ct),
            CreateAsync,
            timeout,
            mismatchHint: null,
            cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }

    /// <summary>
    /// Decides which per-topic results of a CreateTopics call are failures: "already exists" is what a
    /// concurrent provisioner produces and is not one.
    /// </summary>
    internal static IReadOnlyList<string> Failures(IEnumerable<CreateTopicReport> reports) =>
        reports
            .Where(r => r.Error.Code is not ErrorCode.NoError and not ErrorCode.TopicAlreadyExists)
            .Select(r => $"'{r.Topic}': {r.Error.Reason} ({r.Error.Code})")
            .ToList();

    private async Task CreateAsync(IReadOnlyList<TopicSpec> missing, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(_clients.Options.AdminTimeoutMs);
        var specifications = missing.Select(t => new TopicSpecification
        {
            Name = t.Name,
            NumPartitions = t.Partitions!.Value,
            ReplicationFactor = _clients.Options.ReplicationFactor ?? -1,
            Configs = t.Config.ToDictionary(c => c.Key, c => c.Value),
        }).ToList();
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _admin.Value.CreateTopicsAsync(
                specifications,
                new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout }).ConfigureAwait(false);
            foreach (var topic in missing)
            {
                TopicCreated(_logger, topic.Name, topic.Partitions!.Value);
            }
        }
        catch (CreateTopicsException e)
        {
            var failures = Failures(e.Results);
            if (failures.Count > 0)
            {
                throw new TopicProvisioningException($"Kafka refused to create topics: {string.Join("; ", failures)}.", e);
            }
        }
        catch (KafkaException e)
        {
            throw new TopicProvisioningException(
                $"Kafka did not create topics ({e.Error.Reason}). A cluster without the CreateTopics API (such as " +
                "librdkafka's mock cluster) needs Kafka:Mode=Embedded.", e);
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partitions")]
    private static partial void TopicCreated(ILogger logger, string topic, int partitions);
}
