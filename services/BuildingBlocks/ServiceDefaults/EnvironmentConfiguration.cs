using Microsoft.Extensions.Configuration;

namespace CustomerStream.ServiceDefaults;

/// <summary>
/// How a set of environment variables becomes configuration, by the rules of the process environment
/// (<see cref="CustomerStreamConfiguration.AddCustomerStreamEnvironment"/>): <c>Section__Key</c> is
/// <c>Section:Key</c>; <c>CS_Section__Key</c> overrides it; <c>CS_POSTGRES</c> sets the connection string and
/// <c>CS_RABBITMQ</c> the bridge's broker;
/// <c>ASPNETCORE_URLS</c> and the other <c>ASPNETCORE_</c> variables are host settings (<c>urls</c>), as a web
/// host reads them. For checking a container's environment without being that container.
/// </summary>
public static class EnvironmentConfiguration
{
    private const string AspNetCorePrefix = "ASPNETCORE_";

    /// <summary>The configuration entries <paramref name="environment"/> stands for, later rules winning.</summary>
    public static IReadOnlyDictionary<string, string?> Map(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var entries = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in environment.Where(e => e.Key.StartsWith(AspNetCorePrefix, StringComparison.OrdinalIgnoreCase)))
        {
            entries[Key(name[AspNetCorePrefix.Length..])] = value;
        }

        foreach (var (name, value) in environment)
        {
            entries[Key(name)] = value;
        }

        foreach (var (name, value) in environment.Where(e => e.Key.StartsWith(ConfigurationKeys.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            entries[Key(name[ConfigurationKeys.EnvironmentPrefix.Length..])] = value;
        }

        if (environment.TryGetValue(ConfigurationKeys.PostgresEnvironmentVariable, out var postgres) && postgres.Length > 0)
        {
            entries[ConfigurationKeys.Postgres] = postgres;
        }

        if (environment.TryGetValue(ConfigurationKeys.RabbitMqEnvironmentVariable, out var rabbitMq) && rabbitMq.Length > 0)
        {
            entries[ConfigurationKeys.RabbitMqUrl] = rabbitMq;
        }

        return entries;
    }

    private static string Key(string variable) => variable.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
}
