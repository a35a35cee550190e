using Confluent.SchemaRegistry;
using CustomerStream.Contracts;
using CustomerStream.Kafka;
using CustomerStream.SchemaRegistry;
using CustomerStream.ServiceDefaults.State;
using CustomerStream.Streaming.Hosting;
using CustomerStream.Streaming.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Identity.Service;

/// <summary>Registers the identity service in a host (its own process, or the embedded stack).</summary>
public static class IdentityServiceHosting
{
    /// <summary>The keyed <see cref="StreamApplication"/> of the identity graph.</summary>
    public const string GraphApplication = "identity";

    /// <summary>The keyed <see cref="StreamApplication"/> of the router.</summary>
    public const string RouterApplication = "identity-router";

    /// <summary>
    /// Adds the router and the identity graph as hosted stream applications. Reads <c>Kafka</c>,
    /// <c>SchemaRegistry:Url</c> and the <c>Identity</c> section (<see cref="IdentityServiceOptions"/>).
    /// </summary>
    public static IServiceCollection AddIdentityService(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddCustomerStreamKafka(configuration);
        services.AddSchemaRegistryClient(configuration);
        services.AddOptions<IdentityServiceOptions>()
            .Bind(configuration.GetSection(IdentityServiceOptions.SectionName))
            .Validate(o => o.CacheCapacity > 0 && o.MaxBatchRecords > 0, "Identity:CacheCapacity and Identity:MaxBatchRecords must be positive.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApplicationId) && !string.IsNullOrWhiteSpace(o.RouterApplicationId), "Identity:ApplicationId and RouterApplicationId must not be blank.")
            .ValidateOnStart();
        services.AddStateDirectoryValidation<IdentityServiceOptions>(
            $"{IdentityServiceOptions.SectionName}:{nameof(IdentityServiceOptions.StateDirectory)}", o => o.StateDirectory);
        services.AddSingleton(provider =>
        {
            var kafka = provider.GetRequiredService<IOptions<KafkaOptions>>().Value;
            var options = provider.GetRequiredService<IOptions<IdentityServiceOptions>>().Value;
            return new InputLagProbe(kafka.BootstrapServers, options.ApplicationId, Topics.IdentityInput, kafka.Settings);
        });
        services.AddStreamApplication(RouterApplication, provider =>
        {
            var options = provider.GetRequiredService<IOptions<IdentityServiceOptions>>().Value;
            var probe = provider.GetRequiredService<InputLagProbe>();
            var topology = IdentityTopologies.Router(probe.Lag, options.MaxInputLag, provider.GetRequiredService<ILoggerFactory>());
            return ConfiguredStreamApplications.Create(
                provider, options.RouterApplicationId, Path.Combine(options.StateDirectory, "router"), topology,
                o => o.MaxBatchWait = options.MaxBatchWait);
        });
        services.AddStreamApplication(GraphApplication, provider =>
        {
            var options = provider.GetRequiredService<IOptions<IdentityServiceOptions>>().Value;
            var codecs = new IdentityCodecs(provider.GetRequiredService<ISchemaRegistryClient>());
            var topology = IdentityTopologies.Graph(codecs, provider.GetRequiredService<ILoggerFactory>(), options.CacheCapacity);
            return ConfiguredStreamApplications.Create(
                provider, options.ApplicationId, Path.Combine(options.StateDirectory, "graph"), topology, o =>
                {
                    o.MaxBatchRecords = options.MaxBatchRecords;
                    o.MaxBatchWait = options.MaxBatchWait;
                    o.SessionTimeout = options.SessionTimeout;

                    // The router's backpressure reads the committed offset: commit often so it sees progress.
                    o.CommitInterval = TimeSpan.FromMilliseconds(250);
                });
        });
        services.AddStreamApplicationHealthChecks(RouterApplication);
        services.AddStreamApplicationHealthChecks(GraphApplication);
        return services;
    }
}
