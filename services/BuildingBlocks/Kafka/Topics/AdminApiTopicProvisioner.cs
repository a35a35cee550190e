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
    private readonly ILogger<AdminApiTopicProvisioner> _logger;
    private readonly TopicProvisioning _provisioning;

    /// <summary>Creates a provisioner that talks to <see cref="KafkaOptions.BootstrapServers"/>.</summary>
    public AdminApiTopicProvisioner(KafkaClientFactory clients, ILogger<AdminApiTopicProvisioner> logger)
    {
        _logger = logger;
        _provisioning = new TopicProvisioning(clients, CreateAsync, mismatchHint: null);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProvisionedTopic>> EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken) =>
        _provisioning.EnsureAsync(topics, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _provisioning.Dispose();

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
        var timeout = TimeSpan.FromMilliseconds(_provisioning.Options.AdminTimeoutMs);
        var specifications = missing.Select(t => new TopicSpecification
        {
            Name = t.Name,
            NumPartitions = t.Partitions!.Value,
            ReplicationFactor = _provisioning.Options.ReplicationFactor ?? -1,
            Configs = t.Config.ToDictionary(c => c.Key, c => c.Value),
        }).ToList();
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _provisioning.Admin.CreateTopicsAsync(
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
