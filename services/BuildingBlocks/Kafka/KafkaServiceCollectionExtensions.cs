using CustomerStream.Kafka.Embedded;
using CustomerStream.Kafka.Health;
using CustomerStream.Kafka.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Kafka;

/// <summary>Registers the Kafka building blocks; service code then asks for <see cref="KafkaClientFactory"/> and <see cref="ITopicProvisioner"/>.</summary>
public static class KafkaServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="KafkaOptions"/> from the <c>Kafka</c> section (validated at start-up), registers the
    /// client factory, the topic provisioner that fits the cluster and a <c>ready</c> health check. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddCustomerStreamKafka(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(KafkaClientFactory)))
        {
            return services;
        }

        services.AddOptions<KafkaOptions>()
            .Bind(configuration.GetSection(KafkaOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>();
        services.TryAddSingleton<KafkaClientFactory>();
        services.TryAddSingleton(CreateProvisioner);
        services.TryAddSingleton<KafkaHealthCheck>();
        services.AddHealthChecks().AddCheck<KafkaHealthCheck>("kafka", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Points the Kafka building blocks at an embedded cluster running in this process (demo, tests): the
    /// bootstrap servers come from it and topics are created on it directly.
    /// </summary>
    public static IServiceCollection AddEmbeddedKafka(this IServiceCollection services, EmbeddedKafkaCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(cluster);
        services.AddSingleton(cluster);
        services.PostConfigure<KafkaOptions>(options =>
        {
            options.Mode = KafkaMode.Embedded;
            options.BootstrapServers = cluster.BootstrapServers;
        });
        return services;
    }

    private static ITopicProvisioner CreateProvisioner(IServiceProvider services)
    {
        var clients = services.GetRequiredService<KafkaClientFactory>();
        var options = clients.Options;
        if (options.Mode == KafkaMode.External)
        {
            return new AdminApiTopicProvisioner(clients, services.GetRequiredService<ILogger<AdminApiTopicProvisioner>>());
        }

        if (services.GetService<EmbeddedKafkaCluster>() is { } cluster)
        {
            return new EmbeddedTopicProvisioner(cluster, clients);
        }

        if (options.AdminUrl is { Length: > 0 } adminUrl)
        {
            return new RemoteTopicProvisioner(new Uri(adminUrl), TimeSpan.FromMilliseconds(options.AdminTimeoutMs), services.GetService<ILogger<RemoteTopicProvisioner>>());
        }

        throw new InvalidOperationException(
            "Kafka:Mode is Embedded but there is neither an embedded cluster in this process nor a Kafka:AdminUrl.");
    }
}
