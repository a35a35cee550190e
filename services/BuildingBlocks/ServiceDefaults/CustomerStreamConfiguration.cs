using Microsoft.Extensions.Configuration;

namespace CustomerStream.ServiceDefaults;

/// <summary>The configuration sources every CustomerStream process reads, in one place.</summary>
public static class CustomerStreamConfiguration
{
    /// <summary>
    /// Adds, above the sources already there: environment variables (<c>Section__Key</c>), then the same with
    /// the <c>CS_</c> prefix, then <c>CS_POSTGRES</c> as <see cref="ConfigurationKeys.Postgres"/> and <c>CS_RABBITMQ</c>
    /// as <see cref="ConfigurationKeys.RabbitMqUrl"/>. Later sources
    /// win, so the environment overrides <c>appsettings.json</c> and <c>.customerstream/endpoints.json</c>.
    /// With <paramref name="environment"/>, those variables stand in for the process environment (by the same
    /// rules, <see cref="EnvironmentConfiguration.Map"/>): how deployment checks read a container's environment.
    /// </summary>
    public static IConfigurationBuilder AddCustomerStreamEnvironment(this IConfigurationBuilder builder, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (environment is not null)
        {
            return builder.AddInMemoryCollection(EnvironmentConfiguration.Map(environment));
        }

        builder.AddEnvironmentVariables();
        builder.AddEnvironmentVariables(ConfigurationKeys.EnvironmentPrefix);
        if (Environment.GetEnvironmentVariable(ConfigurationKeys.PostgresEnvironmentVariable) is { Length: > 0 } postgres)
        {
            builder.AddInMemoryCollection([new(ConfigurationKeys.Postgres, postgres)]);
        }

        if (Environment.GetEnvironmentVariable(ConfigurationKeys.RabbitMqEnvironmentVariable) is { Length: > 0 } rabbitMq)
        {
            builder.AddInMemoryCollection([new(ConfigurationKeys.RabbitMqUrl, rabbitMq)]);
        }

        return builder;
    }

    /// <summary>
    /// Configuration for a process that does not run a host (CLI commands): <c>appsettings.json</c> from
    /// <paramref name="basePath"/> and then <see cref="AddCustomerStreamEnvironment"/>.
    /// </summary>
    public static IConfigurationRoot Build(string basePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(basePath);
        return new ConfigurationBuilder()
            .SetBasePath(basePath)
            .AddJsonFile("appsettings.json", optional: true)
            .AddCustomerStreamEnvironment()
            .Build();
    }

    /// <summary>
    /// Adds the endpoints of a running stack as configuration (<see cref="StackEndpoints.ToConfiguration"/>).
    /// Add it before <see cref="AddCustomerStreamEnvironment"/> so that the environment still overrides it.
    /// </summary>
    public static IConfigurationBuilder AddStackEndpoints(this IConfigurationBuilder builder, StackEndpoints endpoints)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(endpoints);
        return builder.AddInMemoryCollection(endpoints.ToConfiguration());
    }
}
