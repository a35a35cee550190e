using System.Security.Authentication;
using Confluent.Kafka;
using CustomerStream.Bridge.Service;
using CustomerStream.Contracts;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Topics;
using Confluent.SchemaRegistry;
using CustomerStream.SchemaRegistry;
using CustomerStream.ServiceDefaults;
using CustomerStream.Kafka.Faults;
using MassTransit;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CustomerStream.Bridge.Hosting;

/// <summary>Registrations of the bridge, for any host: alone (<c>customerstream run bridge</c>) or with the others (<c>up</c>).</summary>
public static class BridgeServiceCollectionExtensions
{
    /// <summary>Name of the bridge's readiness health check (MassTransit adds its own, <c>masstransit-bus</c>).</summary>
    public const string HealthCheckName = "bridge";

    /// <summary>
    /// Registers the bridge: <see cref="BridgeOptions"/> (section <c>Bridge</c>) and <see cref="RabbitMqOptions"/>
    /// (section <c>RabbitMq</c>, <c>RabbitMq:Url</c> or <c>CS_RABBITMQ</c>), both validated at start-up; a MassTransit
    /// bus on RabbitMQ with publisher confirms; the Schema Registry client (section <c>SchemaRegistry</c>); the
    /// Kafka building blocks (section <c>Kafka</c>); the hosted <see cref="BridgeService"/> consuming as group
    /// <see cref="BridgeOptions.GroupId"/>; health checks and MassTransit's traces and metrics. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddBridgeService(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(BridgeService)))
        {
            return services;
        }

        services.AddOptions<BridgeOptions>()
            .Bind(configuration.GetSection(BridgeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RabbitMqOptions>()
            .Bind(configuration.GetSection(RabbitMqOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddCustomerStreamKafka(configuration);
        services.AddSchemaRegistryClient(configuration);
        services.AddMassTransit(bus => bus.UsingRabbitMq((context, rabbit) =>
        {
            var address = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value.Address();
            rabbit.Host(address.Host, checked((ushort)address.Port), address.VirtualHost, $"customerstream-bridge@{Environment.MachineName}", host =>
            {
                host.Username(address.Username);
                host.Password(address.Password);
                // Publish completes when the broker has the message: what makes committing the Kafka offsets safe.
                host.PublisherConfirmation = true;
                if (address.UseSsl)
                {
                    host.UseSsl(ssl => ssl.Protocol = SslProtocols.Tls12 | SslProtocols.Tls13);
                }
            });
        }));
        services.Configure<MassTransitHostOptions>(o =>
        {
            // RabbitMQ being away at start-up is one more outage to wait out, not a reason to fail the host.
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(20);
        });
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(DiagnosticHeaders.DefaultListenerName));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(InstrumentationOptions.MeterName));

        services.AddSingleton(sp => new BridgeMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<BridgeStatus>();
        services.AddSingleton(sp => new BridgeDecoder(
            sp.GetRequiredService<ISchemaRegistryClient>(),
            sp.GetRequiredService<BridgeMetrics>(),
            sp.GetRequiredService<BridgeStatus>(),
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<BridgeOptions>>().Value.MaxRetryDelayMs),
            sp.GetRequiredService<ILogger<BridgeDecoder>>()));
        services.AddSingleton(sp => new ConfirmedPublisher(
            sp.GetRequiredService<IBus>(),
            sp.GetRequiredService<IOptions<BridgeOptions>>(),
            sp.GetRequiredService<BridgeMetrics>(),
            sp.GetRequiredService<BridgeStatus>(),
            sp.GetRequiredService<ILogger<ConfirmedPublisher>>()));
        services.AddSingleton<Func<string, IConsumer<byte[]?, byte[]?>>>(sp =>
        {
            var clients = sp.GetRequiredService<KafkaClientFactory>();
            return groupId => clients.CreateConsumerBuilder<byte[]?, byte[]?>(clients.CreateConsumerConfig(groupId, "bridge")).Build();
        });
        services.AddSingleton<BridgeHealthCheck>();
        services.AddHealthChecks().AddCheck<BridgeHealthCheck>(HealthCheckName, tags: ["ready"]);
        services.AddSingleton<BridgeService>(sp => new BridgeService(
            sp.GetRequiredService<ITopicProvisioner>(),
            sp.GetRequiredService<Func<string, IConsumer<byte[]?, byte[]?>>>(),
            sp.GetRequiredService<BridgeDecoder>(),
            sp.GetRequiredService<ConfirmedPublisher>(),
            sp.GetRequiredService<IOptions<BridgeOptions>>(),
            sp.GetRequiredService<BridgeMetrics>(),
            sp.GetRequiredService<BridgeStatus>(),
            sp.GetRequiredService<ILogger<BridgeService>>(),
            new DeadLetterPublisher(
                () => sp.GetRequiredService<KafkaClientFactory>().CreateProducerBuilder<byte[], byte[]>(
                    sp.GetRequiredService<KafkaClientFactory>().CreateProducerConfig("bridge-dead-letters")).Build(),
                Topics.BridgeDeadLetters,
                sp.GetRequiredService<IOptions<BridgeOptions>>().Value.GroupId,
                sp.GetRequiredService<ILogger<DeadLetterPublisher>>())));
        services.AddHostedService(sp => sp.GetRequiredService<BridgeService>());
        return services;
    }

    /// <summary>Whether <paramref name="configuration"/> names a RabbitMQ broker (<c>RabbitMq:Url</c> or <c>CS_RABBITMQ</c>), i.e. whether <c>up</c> starts the bridge.</summary>
    public static bool IsRabbitMqConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[ConfigurationKeys.RabbitMqUrl]);
}
