using System.CommandLine;
using Confluent.Kafka;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Inspection;
using CustomerStream.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace CustomerStream.Cli.Commands;

/// <summary><c>status</c>: what the running stack holds: topics, messages and the lag of each consumer group.</summary>
internal sealed class StatusCommand : CliCommand
{
    private readonly Option<string[]> _groups = new("--group")
    {
        Description = "Also report this consumer group (repeatable). On the embedded cluster, which cannot list its groups, the product's groups are reported.",
        HelpName = "GROUP",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public StatusCommand()
        : base("status", "Show the running stack: its endpoints, topics with partitions and messages, and the lag of each consumer group.")
    {
        Command.Options.Add(_groups);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var endpoints = await StackEndpoints.ReadAsync(context.EndpointsPath, cancellationToken);
        var options = KafkaOptionsFor(endpoints, context);
        var console = context.Out;
        PrintEndpoints(endpoints, options, context);

        using var inspector = new KafkaClusterInspector(new KafkaClientFactory(Options.Create(options), context.Logs));
        ClusterOverview overview;
        try
        {
            overview = await inspector.DescribeAsync(cancellationToken);
        }
        catch (KafkaException e)
        {
            throw new CliException(
                $"Cannot reach Kafka at {options.BootstrapServers}: {e.Error.Reason}.",
                "is the stack still up? `./customerstream up` starts one");
        }

        context.Line($"Kafka: {overview.Brokers.Count} brokers ({options.Mode.ToString().ToLowerInvariant()})");
        var topics = new Table().Border(TableBorder.Rounded)
            .AddColumn("Topic").AddColumn(new TableColumn("Partitions").RightAligned()).AddColumn(new TableColumn("Messages").RightAligned());
        foreach (var topic in overview.Topics)
        {
            topics.AddRow(Markup.Escape(topic.Name), topic.Partitions.ToString(), topic.Messages.ToString("N0"));
        }

        console.Write(topics);

        var groups = (options.Mode == KafkaMode.External
                ? await inspector.ListGroupsAsync(cancellationToken)
                : ProductCatalog.ConsumerGroups)
            .Concat(parse.GetValue(_groups) ?? []);
        var lags = await inspector.GetLagAsync(groups, overview.Topics, cancellationToken);
        if (lags.Count == 0)
        {
            context.Line("Consumer groups: none has committed offsets yet.");
            return ExitCodes.Ok;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Consumer group").AddColumn("Topic").AddColumn(new TableColumn("Partitions").RightAligned()).AddColumn(new TableColumn("Lag").RightAligned());
        foreach (var lag in lags)
        {
            table.AddRow(Markup.Escape(lag.Group), Markup.Escape(lag.Topic), lag.Partitions.ToString(), lag.Lag.ToString("N0"));
        }

        console.Write(table);
        return ExitCodes.Ok;
    }

    private static KafkaOptions KafkaOptionsFor(StackEndpoints? endpoints, CliContext context)
    {
        var options = new KafkaOptions();
        context.Configuration.GetSection(KafkaOptions.SectionName).Bind(options);
        // Status should answer quickly, also when nothing answers.
        options.AdminTimeoutMs = Math.Min(options.AdminTimeoutMs, 5_000);
        if (endpoints is not null)
        {
            if (!endpoints.IsOwnerRunning())
            {
                throw new CliException(
                    $"The stack recorded in {context.EndpointsPath} (pid {endpoints.Pid}) is not running any more.",
                    "start it with `./customerstream up`");
            }

            options.BootstrapServers = endpoints.KafkaBootstrap;
            options.Mode = string.Equals(endpoints.KafkaMode, "external", StringComparison.OrdinalIgnoreCase) ? KafkaMode.External : KafkaMode.Embedded;
            return options;
        }

        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            throw new CliException(
                $"No stack is running here: {context.EndpointsPath} does not exist.",
                "start one with `./customerstream up`, or set Kafka__BootstrapServers to inspect a real cluster");
        }

        return options;
    }

    private static void PrintEndpoints(StackEndpoints? endpoints, KafkaOptions options, CliContext context)
    {
        if (endpoints is null)
        {
            context.Line($"Kafka from the configuration: {options.BootstrapServers}");
            return;
        }

        context.Line($"Stack: pid {endpoints.Pid}, up since {endpoints.StartedAt:yyyy-MM-dd HH:mm:ss} UTC ({context.EndpointsPath})");
        context.Line($"  kafka_bootstrap      {endpoints.KafkaBootstrap}");
        context.Line($"  schema_registry_url  {endpoints.SchemaRegistryUrl ?? "(not running)"}");
        context.Line($"  postgres             {ConnectionStrings.Redact(endpoints.Postgres)}");
        context.Line($"  http                 {endpoints.Http ?? "(not running)"}");
    }
}
