using CustomerStream.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Cli.Commands;

/// <summary>
/// Where a client command finds the stack: <c>appsettings.json</c>, then <c>.customerstream/endpoints.json</c>
/// when the stack that wrote it still runs, then the environment (<c>Section__Key</c>, <c>CS_…</c>,
/// <c>CS_POSTGRES</c>), later sources winning, as for every CustomerStream process.
/// </summary>
internal sealed class StackConnection
{
    private StackConnection(IConfiguration configuration, StackEndpoints? endpoints, StackEndpoints? stale, string endpointsPath)
    {
        Configuration = configuration;
        Endpoints = endpoints;
        Stale = stale;
        EndpointsPath = endpointsPath;
    }

    public IConfiguration Configuration { get; }

    /// <summary>The endpoints of the running stack, or null when none runs here.</summary>
    public StackEndpoints? Endpoints { get; }

    /// <summary>An endpoints file left by a stack that is not running any more.</summary>
    public StackEndpoints? Stale { get; }

    public string EndpointsPath { get; }

    /// <param name="context">The command's context (home, configuration base).</param>
    /// <param name="extraJsonFile">A configuration file to add below the endpoints and the environment (e.g. a sample's <c>sources.json</c>).</param>
    /// <param name="cancellationToken">Cancels reading the endpoints file.</param>
    public static async Task<StackConnection> LoadAsync(CliContext context, string? extraJsonFile, CancellationToken cancellationToken)
    {
        var file = await StackEndpoints.ReadAsync(context.EndpointsPath, cancellationToken);
        var running = file is not null && file.IsOwnerRunning() ? file : null;
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true);
        if (extraJsonFile is not null)
        {
            builder.AddJsonFile(extraJsonFile, optional: false);
        }

        if (running is not null)
        {
            builder.AddStackEndpoints(running);
        }

        builder.AddCustomerStreamEnvironment();
        return new StackConnection(builder.Build(), running, running is null ? file : null, context.EndpointsPath);
    }

    /// <summary>
    /// Logging of the Kafka and registry clients a command makes: the CLI's, without librdkafka's own lines
    /// unless <c>--verbose</c>, because an unreachable broker makes librdkafka log every reconnect while the
    /// command reports the failure itself in one line.
    /// </summary>
    public static void ConfigureClientLogging(CliContext context, ILoggingBuilder logging)
    {
        context.ConfigureLogging(logging);
        if (!context.Verbose)
        {
            logging.AddFilter("CustomerStream.Kafka.Librdkafka", LogLevel.None);
        }
    }

    /// <summary>The value of <paramref name="key"/>, or a failure that says where it is looked for and how to provide it.</summary>
    /// <param name="key">A <see cref="ConfigurationKeys"/> key.</param>
    /// <param name="what">What it is, for people (e.g. "Kafka", "PostgreSQL").</param>
    public string Require(string key, string what)
    {
        if (Configuration[key] is { Length: > 0 } value)
        {
            return value;
        }

        if (key == ConfigurationKeys.RabbitMqUrl)
        {
            // No stack provides a broker: it is always the user's.
            throw new CliException(
                "No RabbitMQ is configured.",
                $"set {ConfigurationKeys.RabbitMqEnvironmentVariable}=amqp://user:password@host:5672/vhost (./scripts/ensure-rabbitmq.sh installs and starts a local one and prints its URI)");
        }

        var variable = key == ConfigurationKeys.Postgres ? ConfigurationKeys.PostgresEnvironmentVariable : key.Replace(":", "__", StringComparison.Ordinal);
        if (Stale is not null)
        {
            throw new CliException(
                $"The stack recorded in {EndpointsPath} (pid {Stale.Pid}) is not running any more, and no {what} is configured.",
                $"start it with `./customerstream up`, or set {variable}");
        }

        throw Endpoints is null
            ? new CliException(
                $"No stack is running here ({EndpointsPath} does not exist) and no {what} is configured.",
                $"start one with `./customerstream up`, or set {variable}")
            : new CliException(
                $"The running stack ({EndpointsPath}) has no {what}, and none is configured.",
                $"set {variable}");
    }
}
