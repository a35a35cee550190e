using CustomerStream.Streaming.Runtime;
using Microsoft.Extensions.DependencyInjection;
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
}
