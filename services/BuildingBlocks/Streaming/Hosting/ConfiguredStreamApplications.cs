using CustomerStream.Kafka;
using CustomerStream.Kafka.Topics;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Streaming.Hosting;

/// <summary>
/// Builds a <see cref="StreamApplication"/> from the host's Kafka configuration (section <c>Kafka</c>):
/// bootstrap servers and client settings from <see cref="KafkaOptions"/>, internal topics through the
/// host's <see cref="ITopicProvisioner"/> (Admin API, embedded cluster or the stack's admin endpoint),
/// logging from the host. Services then only state their application id, state directory and topology.
/// </summary>
public static class ConfiguredStreamApplications
{
    /// <summary>Creates the application; <paramref name="configure"/> adjusts batch sizes and timeouts.</summary>
    public static StreamApplication Create(
        IServiceProvider services,
        string applicationId,
        string stateDirectory,
        StreamTopology topology,
        Action<StreamApplicationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(topology);
        var kafka = services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        var options = new StreamApplicationOptions
        {
            ApplicationId = applicationId,
            BootstrapServers = kafka.BootstrapServers,
            StateDirectory = Path.GetFullPath(stateDirectory),
            SessionTimeout = TimeSpan.FromMilliseconds(kafka.SessionTimeoutMs),
            HeartbeatInterval = TimeSpan.FromMilliseconds(kafka.HeartbeatIntervalMs),
        };
        foreach (var (key, value) in kafka.Settings)
        {
            options.ClientProperties[key] = value;
        }

        configure?.Invoke(options);
        var provisioner = services.GetRequiredService<ITopicProvisioner>();
        var internalTopics = new DelegateTopicProvisioner((spec, cancellationToken) =>
            provisioner.EnsureTopicsAsync([new TopicSpec(spec.Name, spec.Partitions, spec.Config)], cancellationToken));
        return new StreamApplication(options, topology, internalTopics, services.GetService<ILoggerFactory>());
    }
}
