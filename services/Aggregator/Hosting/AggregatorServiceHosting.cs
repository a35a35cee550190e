using CustomerStream.Contracts;
using CustomerStream.Kafka;
using CustomerStream.SchemaRegistry;
using CustomerStream.Streaming.Hosting;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Aggregator.Hosting;

/// <summary>Registers the aggregator service in a host (its own process, or the embedded stack).</summary>
public static class AggregatorServiceHosting
{
    /// <summary>The keyed <see cref="StreamApplication"/> of the aggregator.</summary>
    public const string Application = "aggregator";

    /// <summary>
    /// Adds the aggregator as a hosted stream application. Reads <c>Kafka</c>, <c>SchemaRegistry:Url</c>
    /// and the <c>Aggregator</c> section (<see cref="AggregatorServiceOptions"/>).
    /// </summary>
    public static IServiceCollection AddAggregatorService(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddCustomerStreamKafka(configuration);
        services.AddSchemaRegistryClient(o => configuration.GetSection("SchemaRegistry").Bind(o));
        services.AddOptions<AggregatorServiceOptions>()
            .Bind(configuration.GetSection(AggregatorServiceOptions.SectionName))
            .Validate(o => o.MaxBatchRecords > 0 && !string.IsNullOrWhiteSpace(o.ApplicationId), "Aggregator:MaxBatchRecords must be positive and ApplicationId not blank.")
            .ValidateOnStart();
        services.AddStreamApplication(Application, provider =>
        {
            var options = provider.GetRequiredService<IOptions<AggregatorServiceOptions>>().Value;
            var codecs = new AggregatorCodecs(provider.GetRequiredService<ISchemaRegistryClient>());
            return ConfiguredStreamApplications.Create(provider, options.ApplicationId, options.StateDirectory,
                Topology(codecs, provider.GetRequiredService<ILoggerFactory>()), o =>
                {
                    o.MaxBatchRecords = options.MaxBatchRecords;
                    o.MaxBatchWait = options.MaxBatchWait;
                    o.SessionTimeout = options.SessionTimeout;
                });
        });
        return services;
    }

    /// <summary>
    /// Facts and transfers, co-partitioned (transfers are keyed by the survivor, facts by customer, and
    /// both are written by the runtime's murmur2 partitioner) → one task per partition.
    /// </summary>
    public static StreamTopology Topology(AggregatorCodecs codecs, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger<AggregatorProcessor>();
        return new StreamTopology(
            [Topics.IdentityFacts, Topics.AggregatorStateTransfers],
            [AggregatorProcessor.Store],
            context => new AggregatorProcessor(context, codecs, logger, time));
    }
}
