using Confluent.SchemaRegistry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerStream.SchemaRegistry;

/// <summary>Registers Confluent's Schema Registry client in a host's services.</summary>
public static class SchemaRegistryClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds one shared Confluent <see cref="ISchemaRegistryClient"/> (<see cref="CachedSchemaRegistryClient"/>)
    /// configured from the <c>SchemaRegistry</c> section of <paramref name="configuration"/>
    /// (<see cref="SchemaRegistrySettings.Bind"/>) and validated when the host starts. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddSchemaRegistryClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddSchemaRegistryClient(config => SchemaRegistrySettings.Bind(configuration.GetSection(SchemaRegistrySettings.SectionName), config));
    }

    /// <summary>Adds one shared Confluent <see cref="ISchemaRegistryClient"/> configured by <paramref name="configure"/>, validated when the host starts.</summary>
    public static IServiceCollection AddSchemaRegistryClient(this IServiceCollection services, Action<SchemaRegistryConfig> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SchemaRegistryConfig>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchemaRegistryConfig>, SchemaRegistryConfigValidator>());
        services.TryAddSingleton<ISchemaRegistryClient>(sp => new CachedSchemaRegistryClient(sp.GetRequiredService<IOptions<SchemaRegistryConfig>>().Value));
        return services;
    }
}
