using CustomerStream.Samples.Subscriber.Consumers;
using CustomerStream.Samples.Subscriber.Customers;
using MassTransit;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CustomerStream.Samples.Subscriber;

/// <summary>The sample's registrations, for its <c>Program</c> and for tests that host it.</summary>
public static class SubscriberExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>
    /// Configuration from <c>appsettings.json</c> and the environment (the host's defaults), one-line logs,
    /// OpenTelemetry traces and metrics (MassTransit's and ASP.NET Core's; exported over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), and time to finish the messages in hand when stopping.
    /// </summary>
    public static WebApplicationBuilder AddSubscriberDefaults(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource(DiagnosticHeaders.DefaultListenerName))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter(InstrumentationOptions.MeterName));
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return builder;
    }

    /// <summary>
    /// The subscriber: <see cref="SubscriberOptions"/> and <see cref="RabbitMqSettings"/> (validated at start), the
    /// <see cref="CustomerDirectory"/>, and a MassTransit bus on RabbitMQ whose queue receives both messages.
    /// MassTransit binds the queue to the exchanges <c>customer.profile-changed.v1</c> and <c>customer.merged.v1</c>
    /// and adds its health check (<c>masstransit-bus</c>, tag <c>ready</c>).
    /// </summary>
    public static IServiceCollection AddCustomerSubscriber(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SubscriberOptions>().Bind(configuration.GetSection(SubscriberOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RabbitMqSettings>().Bind(configuration.GetSection(RabbitMqSettings.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CustomerDirectory>();
        services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<CustomerProfileChangedConsumer>();
            bus.AddConsumer<CustomerMergedConsumer>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                var broker = context.GetRequiredService<IOptions<RabbitMqSettings>>().Value;
                var options = context.GetRequiredService<IOptions<SubscriberOptions>>().Value;
                rabbit.Host(broker.Host, checked((ushort)broker.Port), broker.VirtualHost, host =>
                {
                    host.Username(broker.Username);
                    host.Password(broker.Password);
                });
                rabbit.ReceiveEndpoint(options.QueueName, endpoint =>
                {
                    endpoint.PrefetchCount = options.PrefetchCount;
                    endpoint.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
                    // A consumer that throws gets the message again a few times before it goes to <queue>_error.
                    endpoint.UseMessageRetry(retry => retry.Intervals(100, 500, 2_000));
                    endpoint.ConfigureConsumer<CustomerProfileChangedConsumer>(context);
                    endpoint.ConfigureConsumer<CustomerMergedConsumer>(context);
                });
            });
        });
        // Stopping lets the messages in hand finish; the rest stay in the queue for the next start.
        services.Configure<MassTransitHostOptions>(o => o.StopTimeout = TimeSpan.FromSeconds(20));
        return services;
    }

    /// <summary>Health at <c>/health/live</c> and <c>/health/ready</c>; the directory at <c>/customers/{id}</c> (aliases followed).</summary>
    public static WebApplication MapSubscriberEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks(ReadyPath);
        app.MapGet("/customers/{id}", (string id, CustomerDirectory directory) =>
            directory.Find(id) is { } found
                ? Results.Ok(new { customerId = found.CustomerId, version = found.Profile.Version, profile = found.Profile.Message })
                : Results.NotFound());
        app.MapGet("/stats", (CustomerDirectory directory) => Results.Ok(new
        {
            customers = directory.Profiles.Keys.Count(id => !directory.IsAlias(id)),
            aliases = directory.Aliases.Keys.Count(directory.IsAlias),
            applied = directory.Applied,
            dropped = directory.Dropped,
        }));
        return app;
    }
}
