using CustomerStream.SchemaRegistry.Server.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerStream.SchemaRegistry.Server;

/// <summary>Registers the Schema Registry server in a host's services.</summary>
public static class SchemaRegistryServiceCollectionExtensions
{
    /// <summary>
    /// Adds the registry's services and a hosted service that creates its tables on start. Map its
    /// endpoints with <see cref="SchemaRegistryEndpoints.MapSchemaRegistry"/>.
    /// </summary>
    public static IServiceCollection AddSchemaRegistryServer(this IServiceCollection services, Action<SchemaRegistryServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SchemaRegistryServerOptions>()
            .Configure(configure)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SchemaRegistryServerOptions>>().Value;
            return new SchemaRegistryStore(options.ConnectionString, options.DatabaseSchema);
        });
        services.AddSingleton<SchemaRegistryService>();
        services.AddHostedService<SchemaRegistryInitializer>();
        return services;
    }

    private sealed class SchemaRegistryInitializer(SchemaRegistryStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
