using CustomerStream.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace CustomerStream.Cli;

/// <summary>
/// The configuration a client command or a separately run service works with: the CLI's own
/// (appsettings, environment, <c>CS_*</c>) overlaid with the endpoints of the stack that `up` or `demo`
/// recorded in <c>.customerstream/endpoints.json</c> while that stack is running.
/// </summary>
internal static class StackConfiguration
{
    public static async Task<(IConfiguration Configuration, StackEndpoints? Stack)> ReadAsync(CliContext context, CancellationToken cancellationToken)
    {
        StackEndpoints? endpoints;
        try
        {
            endpoints = await StackEndpoints.ReadAsync(context.EndpointsPath, cancellationToken);
        }
        catch (InvalidDataException)
        {
            endpoints = null;
        }

        var running = endpoints is not null && endpoints.IsOwnerRunning() ? endpoints : null;
        var overlay = new Dictionary<string, string?>();
        if (running is not null)
        {
            overlay[ConfigurationKeys.KafkaBootstrapServers] = running.KafkaBootstrap;
            overlay[ConfigurationKeys.KafkaMode] = string.Equals(running.KafkaMode, "external", StringComparison.OrdinalIgnoreCase) ? "External" : "Embedded";
            overlay[ConfigurationKeys.KafkaAdminUrl] = running.KafkaAdminUrl;
            overlay[ConfigurationKeys.SchemaRegistryUrl] = running.SchemaRegistryUrl;
        }

        // PostgreSQL outlives the stack: the marts stay queryable after `demo` ends.
        if (string.IsNullOrWhiteSpace(context.Configuration[ConfigurationKeys.Postgres]) && endpoints?.Postgres is { Length: > 0 } postgres)
        {
            overlay[ConfigurationKeys.Postgres] = postgres;
        }

        var configuration = new ConfigurationBuilder()
            .AddConfiguration(context.Configuration)
            .AddInMemoryCollection(overlay.Where(e => e.Value is not null))
            .Build();
        return (configuration, running);
    }

    public static string RequirePostgres(IConfiguration configuration) =>
        configuration[ConfigurationKeys.Postgres] is { Length: > 0 } postgres
            ? postgres
            : throw new CliException("No PostgreSQL is configured.", "run through ./customerstream (it sets PostgreSQL up), or set CS_POSTGRES");

    public static void RequireKafka(IConfiguration configuration, StackEndpoints? stack, CliContext context)
    {
        if (string.IsNullOrWhiteSpace(configuration[ConfigurationKeys.KafkaBootstrapServers]))
        {
            throw new CliException(
                stack is null ? $"No stack is running here ({context.EndpointsPath} names none that is up)." : "No Kafka is configured.",
                "start one with `./customerstream up` (or `demo --keep-running`), or set Kafka__BootstrapServers and SchemaRegistry__Url for a real cluster");
        }

        if (string.IsNullOrWhiteSpace(configuration[ConfigurationKeys.SchemaRegistryUrl]))
        {
            throw new CliException("No Schema Registry is configured.", "set SchemaRegistry__Url, or use a stack started by `./customerstream up`");
        }
    }
}
