using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Kafka.Topics;

/// <summary>
/// Provisions topics on a real Kafka cluster with the Admin API, with each topic's configuration. A topic
/// that another instance created meanwhile (<c>TopicAlreadyExists</c>) counts as success; its partition count
/// is still checked. An existing topic whose configuration differs from its spec is left as it is (retention
/// and cleanup are the operator's call once data is there) and logged as a warning; <c>customerstream
/// status</c> reports it too.
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
    public async Task<IReadOnlyList<ProvisionedTopic>> EnsureTopicsAsync(IEnumerable<TopicSpec> topics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var specs = topics.ToList();
        var provisioned = await _provisioning.EnsureAsync(specs, cancellationToken).ConfigureAwait(false);
        var existing = provisioned.Where(t => !t.Created).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (existing.Count > 0 && specs.Any(t => t.Config.Count > 0 && existing.Contains(t.Name)))
        {
            await WarnAboutConfigurationAsync(specs, existing).ConfigureAwait(false);
        }

        return provisioned;
    }

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

    private async Task WarnAboutConfigurationAsync(IReadOnlyList<TopicSpec> specs, HashSet<string> existing)
    {
        try
        {
            var differences = await Inspection.TopicConfigInspector.CompareAsync(
                _provisioning.Admin, specs, existing, TimeSpan.FromMilliseconds(_provisioning.Options.AdminTimeoutMs)).ConfigureAwait(false);
            foreach (var difference in differences)
            {
                ConfigurationDiffers(_logger, difference.ToString());
            }
        }
        catch (KafkaException e)
        {
            ConfigurationUnknown(_logger, e.Error.Reason);
        }
    }

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

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Topic configuration differs from the catalog: {Difference}. Change it with kafka-configs.sh --alter (deploy/README.md, \"Topics\")")]
    private static partial void ConfigurationDiffers(ILogger logger, string difference);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Could not read the configuration of existing topics ({Reason}); not compared")]
    private static partial void ConfigurationUnknown(ILogger logger, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Created topic {Topic} with {Partitions} partitions")]
    private static partial void TopicCreated(ILogger logger, string topic, int partitions);
}
