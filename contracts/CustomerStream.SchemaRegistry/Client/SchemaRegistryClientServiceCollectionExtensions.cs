using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.SchemaRegistry;

/// <summary>Registers the Schema Registry client in a host's services.</summary>
public static class SchemaRegistryClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds one shared <see cref="ISchemaRegistryClient"/> (a <see cref="CachedSchemaRegistryClient"/>)
    /// configured by <paramref name="configure"/>, validated at start-up. A real Confluent client can
    /// take its place by registering another <see cref="ISchemaRegistryClient"/> adapter first.
    /// </summary>
    public static IServiceCollection AddSchemaRegistryClient(this IServiceCollection services, Action<SchemaRegistryClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SchemaRegistryClientOptions>()
            .Configure(configure)
            .Validate(o => o.Url.Split(',', StringSplitOptions.RemoveEmptyEntries).Length > 0
                           && o.Url.Split(',', StringSplitOptions.RemoveEmptyEntries).All(u => Uri.TryCreate(u.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"),
                "SchemaRegistry:Url must be one or more absolute http(s) URLs, comma-separated.")
            .Validate(o => o.MaxRetries is >= 0 and <= 20, "SchemaRegistry:MaxRetries must be between 0 and 20.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.RetryBaseDelay >= TimeSpan.Zero, "SchemaRegistry:RequestTimeout must be positive and RetryBaseDelay not negative.")
            .ValidateOnStart();
        services.TryAddSingleton<ISchemaRegistryClient>(sp => new CachedSchemaRegistryClient(
            sp.GetRequiredService<IOptions<SchemaRegistryClientOptions>>().Value,
            logger: sp.GetService<ILogger<CachedSchemaRegistryClient>>()));
        return services;
    }
}
