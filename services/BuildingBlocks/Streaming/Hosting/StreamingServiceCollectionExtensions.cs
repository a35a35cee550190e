using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CustomerStream.Streaming.Hosting;

/// <summary>Registers stream applications with the host.</summary>
public static class StreamingServiceCollectionExtensions
{
    /// <summary>
    /// Registers a stream application under <paramref name="name"/> (a keyed singleton, so several can share
    /// a host, as in the embedded stack) and a hosted service that runs it.
    /// </summary>
    public static IServiceCollection AddStreamApplication(
        this IServiceCollection services, string name, Func<IServiceProvider, StreamApplication> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        services.AddKeyedSingleton(name, (provider, _) => factory(provider));
        services.AddSingleton<IHostedService>(provider =>
            new StreamApplicationHostedService(provider.GetRequiredKeyedService<StreamApplication>(name)));
        return services;
    }

    /// <summary>Tag of health checks that belong to liveness (the same as the service defaults' <c>LiveTag</c>).</summary>
    public const string LiveTag = "live";

    /// <summary>Tag of health checks that belong to readiness.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds the health checks of the application registered under <paramref name="name"/>: <c>name</c> (ready:
    /// running with its assigned tasks restored) and <c>name-live</c> (live: not failed). See
    /// <see cref="StreamApplicationHealthCheck"/>.
    /// </summary>
    public static IServiceCollection AddStreamApplicationHealthChecks(this IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.TryAddSingleton<RestoreProgressMonitor>();
        services.AddHealthChecks()
            .Add(new HealthCheckRegistration(
                name,
                sp => new StreamApplicationHealthCheck(sp.GetRequiredKeyedService<StreamApplication>(name), sp.GetRequiredService<RestoreProgressMonitor>()),
                failureStatus: null,
                tags: [ReadyTag]))
            .Add(new HealthCheckRegistration(
                $"{name}-live",
                sp => new StreamApplicationHealthCheck(sp.GetRequiredKeyedService<StreamApplication>(name), liveness: true),
                failureStatus: null,
                tags: [LiveTag]));
        return services;
    }
}
