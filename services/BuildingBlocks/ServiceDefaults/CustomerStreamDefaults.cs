using CustomerStream.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CustomerStream.ServiceDefaults;

/// <summary>
/// What every CustomerStream service shares: configuration sources, logging, health checks, OpenTelemetry
/// and Kafka. The same code runs a service alone (<c>customerstream run</c>, a container) or with the others
/// in one process (<c>demo</c>, <c>up</c>): each host calls these two methods once.
/// </summary>
public static class CustomerStreamDefaults
{
    /// <summary>Path of the liveness endpoint: the process runs (no dependency is checked).</summary>
    public const string LivePath = "/health/live";

    /// <summary>
    /// Path of the readiness endpoint: every registered check is healthy (Kafka, and what services add: a
    /// stream application is ready once it runs with its assigned tasks restored). Degraded answers 503 too.
    /// </summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>Path of the Prometheus scrape endpoint, served when <see cref="ConfigurationKeys.PrometheusEndpoint"/> is <c>true</c>.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Tag of health checks that belong to liveness.</summary>
    public const string LiveTag = "live";

    /// <summary>
    /// Adds the environment configuration sources (<see cref="CustomerStreamConfiguration.AddCustomerStreamEnvironment"/>),
    /// one-line console logging (or JSON with <c>Logging__Console__FormatterName=json</c>), health checks,
    /// OpenTelemetry traces and metrics for every <c>CustomerStream.*</c> source and meter (exported over OTLP
    /// only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), the Kafka building blocks, and a graceful
    /// shutdown window. Options registered with <see cref="AddValidatedOptions{T}"/> or by the Kafka block
    /// are validated when the host starts. <paramref name="environment"/> replaces the process environment
    /// (deployment checks of a container's environment).
    /// </summary>
    public static TBuilder AddCustomerStreamDefaults<TBuilder>(this TBuilder builder, IReadOnlyDictionary<string, string>? environment = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddCustomerStreamEnvironment(environment);
        builder.AddLogging();
        builder.AddTelemetry();

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddCustomerStreamKafka(builder.Configuration);
        // Stopping finishes the batch in hand, flushes producers and commits offsets; give it time to.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return builder;
    }

    /// <summary>
    /// Binds options of type <typeparamref name="T"/> from <paramref name="sectionName"/>, checks their data
    /// annotations, and fails the start of the host (not the first use) when they are invalid.
    /// </summary>
    public static TBuilder AddValidatedOptions<TBuilder, T>(this TBuilder builder, string sectionName)
        where TBuilder : IHostApplicationBuilder
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionName);
        builder.Services.AddOptions<T>()
            .Bind(builder.Configuration.GetSection(sectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }

    /// <inheritdoc cref="AddValidatedOptions{TBuilder,T}"/>
    public static IHostApplicationBuilder AddValidatedOptions<T>(this IHostApplicationBuilder builder, string sectionName)
        where T : class =>
        builder.AddValidatedOptions<IHostApplicationBuilder, T>(sectionName);

    /// <summary>
    /// Maps <c>/health/live</c> (checks tagged <see cref="LiveTag"/>: the process serves and no stream
    /// application has failed) and <c>/health/ready</c> (every check healthy; degraded, e.g. restoring, is
    /// 503), each answering a small JSON report.
    /// </summary>
    public static WebApplication MapCustomerStreamDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        if (app.Configuration.GetValue<bool>(ConfigurationKeys.PrometheusEndpoint))
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath);
        }

        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            ResponseWriter = HealthReportWriter.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return app;
    }

    /// <summary>
    /// Buckets of every CustomerStream histogram in seconds (batch times, database writes, freshness): the
    /// SDK's default buckets (0, 5, 10, 25, ... 10,000) suit milliseconds and would put every batch in one.
    /// </summary>
    private static readonly double[] SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private static void AddLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (string.Equals(builder.Configuration[ConfigurationKeys.LogFormat], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "O");
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        }
    }

    private static void AddTelemetry(this IHostApplicationBuilder builder)
    {
        var serviceName = Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") is { Length: > 0 } fromOtel
            ? fromOtel
            : builder.Configuration[ConfigurationKeys.ServiceName] ?? builder.Environment.ApplicationName;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(CustomerStreamTelemetry.Wildcard)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(CustomerStreamTelemetry.Wildcard)
                .AddView(instrument => instrument.Meter.Name.StartsWith(CustomerStreamTelemetry.Prefix, StringComparison.Ordinal) && instrument.Unit == "s"
                    ? new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets }
                    : null)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        if (builder.Configuration.GetValue<bool>(ConfigurationKeys.PrometheusEndpoint))
        {
            telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter());
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration[ConfigurationKeys.OtlpEndpoint]))
        {
            builder.Logging.AddOpenTelemetry(o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
            });
            telemetry.UseOtlpExporter();
        }
    }
}
