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

    /// <summary>
    /// Adds the identity graph as a hosted stream application. Reads <c>Kafka</c>,
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
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApplicationId), "Identity:ApplicationId must not be blank.")
            .ValidateOnStart();
        services.AddStateDirectoryValidation<IdentityServiceOptions>(
            $"{IdentityServiceOptions.SectionName}:{nameof(IdentityServiceOptions.StateDirectory)}", o => o.StateDirectory);
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
                });
        });
        services.AddStreamApplicationHealthChecks(GraphApplication);
        return services;
    }
}
