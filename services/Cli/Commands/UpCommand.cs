using System.CommandLine;
using CustomerStream.Cli.Stack;
using CustomerStream.ServiceDefaults;
using Spectre.Console;

namespace CustomerStream.Cli.Commands;

/// <summary>
/// <c>up</c>: starts the embedded stack, writes <c>.customerstream/endpoints.json</c> for other clients and
/// stays up until Ctrl-C or SIGTERM, then stops in order and removes the file.
/// </summary>
internal sealed class UpCommand : CliCommand
{
    private readonly Option<bool> _infraOnly = new("--infra-only")
    {
        Description = "Start only the embedded Kafka cluster and Schema Registry, for services run as separate processes (`customerstream run SERVICE`).",
    };

    private readonly Option<int> _brokers = new("--brokers")
    {
        Description = "Brokers of the embedded Kafka cluster.",
        DefaultValueFactory = _ => 3,
    };

    private readonly Option<int?> _partitions = new("--partitions")
    {
        Description = "Partitions of each product topic (default: Kafka:DefaultPartitions, 6).",
    };

    private readonly Option<int> _httpPort = new("--http-port")
    {
        Description = "Loopback port of the stack's HTTP endpoints (health, topic admin); 0 picks a free one.",
        DefaultValueFactory = _ => 0,
    };

    private readonly Option<bool> _showSecrets = new("--show-secrets")
    {
        Description = "Print the ingest API key and the console link with its read key in the summary (it is always in .customerstream/endpoints.json, readable by you only).",
    };

    public UpCommand()
        : base("up", "Start the embedded stack and keep it up until Ctrl-C; writes .customerstream/endpoints.json (kafka_bootstrap, schema_registry_url, postgres, http) so that any other client can connect.")
    {
        _brokers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 9)
            {
                r.AddError("--brokers must be between 1 and 9.");
            }
        });
        Command.Options.Add(_infraOnly);
        Command.Options.Add(_brokers);
        Command.Options.Add(_partitions);
        Command.Options.Add(_httpPort);
        Command.Options.Add(_showSecrets);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        await RefuseSecondStackAsync(context, cancellationToken);
        var settings = new EmbeddedStackSettings(
            parse.GetValue(_brokers), parse.GetValue(_partitions), parse.GetValue(_httpPort), ProductCatalog.EmbeddedTopics);
        var postgres = context.Configuration[ConfigurationKeys.Postgres];

        if (postgres is not null)
        {
            await EmbeddedMarts.ResetAsync(postgres, registryToo: false, cancellationToken);
            context.Line("Marts emptied: the embedded cluster starts empty, and the marts are what its topics project.");
        }

        EmbeddedStack stack;
        try
        {
            stack = await context.WithProgressAsync(progress => EmbeddedStack.StartAsync(settings, context, postgres, progress, cancellationToken));
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            throw new CliException($"Port {settings.HttpPort} is taken: {e.Message}", "choose another --http-port, or 0 for a free one");
        }
        var wroteEndpoints = false;
        StackServices? services = null;
        try
        {
            var infraOnly = parse.GetValue(_infraOnly);
            if (!infraOnly)
            {
                services = await context.WithProgressAsync(async progress =>
                {
                    progress("Starting ingest API, identity, aggregator, projection (and the bridge when RabbitMQ is configured)");
                    return await StackServices.StartAsync(stack, postgres ?? throw NoPostgres(), context, sources: null, ingestApiUrl: null, console: true, cancellationToken);
                });
            }

            await (stack.Endpoints(postgres) with { IngestApiKey = services?.IngestApiKey, ConsoleUrl = services?.ConsoleUrl, ReadApiKey = services?.ReadApiKey }).WriteAsync(context.EndpointsPath, cancellationToken);
            wroteEndpoints = true;
            // `status` asks the services hosted here for their figures (client errors, retries, losses).
            using var registration = services is null ? null : RunningServices.Register(context.Home, "services", services.IngestApiUrl);
            PrintSummary(context, stack, postgres, infraOnly);
            if (services is not null)
            {
                // Logs of a long-running process are collected and kept: a key is only printed when asked for.
                var key = parse.GetValue(_showSecrets) ? services.IngestApiKey : "ingest_api_key of the endpoints file, or --show-secrets";
                context.Line($"  ingest API        {services.IngestApiUrl}/v1/customers|orders|web-events  (header {CustomerStream.Ingest.Http.IngestApiOptions.ApiKeyHeader}: {key})");
                context.Line($"  console           {ConsoleLink(services, parse.GetValue(_showSecrets))}");
                context.Line(services.RabbitMq is { } rabbitMq
                    ? $"  bridge            {rabbitMq}  (exchanges {CustomerStream.Messages.MessageNames.CustomerProfileChanged}, {CustomerStream.Messages.MessageNames.CustomerMerged})"
                    : $"  bridge            not running: set {ConfigurationKeys.RabbitMqEnvironmentVariable} to publish to RabbitMQ");
            }

            await WaitUntilStoppedAsync(stack, services, cancellationToken);
            context.Line(services is null ? "Stopping: HTTP endpoints, then Kafka." : "Stopping: services, HTTP endpoints, then Kafka.");
        }
        finally
        {
            if (services is not null)
            {
                await services.DisposeAsync();
            }

            await stack.DisposeAsync();
            if (wroteEndpoints)
            {
                await RemoveEndpointsFileAsync(context);
            }
        }

        context.Out.MarkupLine("[green]customerstream up: stopped cleanly.[/]");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The console's address; with the key in its fragment when secrets may be shown (browsers never send a
    /// fragment to the server, and the page moves it to the tab's session storage).
    /// </summary>
    internal static string ConsoleLink(StackServices services, bool withKey) =>
        withKey ? $"{services.ConsoleUrl}#key={services.ReadApiKey}" : $"{services.ConsoleUrl}  (read key: read_api_key of the endpoints file, or --show-secrets)";

    internal static async Task RefuseSecondStackAsync(CliContext context, CancellationToken cancellationToken)
    {
        var existing = await ReadEndpointsOrNullAsync(context.EndpointsPath, cancellationToken);
        if (existing is not null && existing.Pid != Environment.ProcessId && existing.IsOwnerRunning())
        {
            throw new CliException(
                $"A stack is already up here (pid {existing.Pid}, Kafka at {existing.KafkaBootstrap}).",
                $"use it (`customerstream status`), or stop it first: Ctrl-C in its terminal or `kill {existing.Pid}`");
        }
    }

    private static async Task<StackEndpoints?> ReadEndpointsOrNullAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await StackEndpoints.ReadAsync(path, cancellationToken);
        }
        catch (InvalidDataException)
        {
            // A damaged file from an earlier run says nothing about a running stack; it is overwritten.
            return null;
        }
    }

    private static CliException NoPostgres() =>
        new("The services keep their marts and the Schema Registry its schemas in PostgreSQL, and none is configured.",
            "run through ./customerstream (it sets PostgreSQL up), set CS_POSTGRES, or start only Kafka with `up --infra-only`");

    private static async Task WaitUntilStoppedAsync(EmbeddedStack stack, StackServices? services, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stack.Stopping, services?.Stopping ?? CancellationToken.None);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C, SIGTERM or the host stopping: all mean "shut down now".
        }
    }

    private static async Task RemoveEndpointsFileAsync(CliContext context)
    {
        // Only if it is still ours: another `up` may have replaced it after this one was killed and restarted.
        if (await ReadEndpointsOrNullAsync(context.EndpointsPath, CancellationToken.None) is { } current && current.Pid == Environment.ProcessId)
        {
            File.Delete(context.EndpointsPath);
        }
    }

    private static void PrintSummary(CliContext context, EmbeddedStack stack, string? postgres, bool infraOnly)
    {
        var console = context.Out;
        console.MarkupLine(infraOnly
            ? "[green]CustomerStream infrastructure is up[/]: embedded Kafka and Schema Registry. Run services with `customerstream run SERVICE`."
            : "[green]CustomerStream embedded stack is up[/]: embedded Kafka, Schema Registry, ingest API, identity, aggregator, projection and the Customer 360 console.");
        context.Line($"  kafka_bootstrap   {stack.KafkaBootstrap}");
        context.Line($"  kafka_admin_url   {stack.KafkaAdminUrl}");
        context.Line($"  http              {stack.HttpUrl}  (health: {CustomerStreamDefaults.LivePath}, {CustomerStreamDefaults.ReadyPath})");
        context.Line($"  schema_registry   {stack.SchemaRegistryUrl ?? "(none: no PostgreSQL to keep it in)"}");
        context.Line($"  postgres          {ConnectionStrings.Redact(postgres)}");
        context.Line($"  endpoints file    {context.EndpointsPath}");
        if (postgres is null)
        {
            context.Error.WriteLine("customerstream: no PostgreSQL configured; endpoints.json says postgres: null.");
            context.Error.WriteLine("  hint: run through ./customerstream (it sets PostgreSQL up) or set CS_POSTGRES");
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("Topic").AddColumn(new TableColumn("Partitions").RightAligned());
        foreach (var topic in stack.Topics)
        {
            table.AddRow(Markup.Escape(topic.Name), topic.Partitions.ToString());
        }

        console.Write(table);
        context.Line($"Try: kcat -L -b {stack.KafkaBootstrap}");
        context.Line("Press Ctrl-C to stop.");
    }
}
