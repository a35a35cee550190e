using System.Globalization;
using System.CommandLine;
using CustomerStream.Cli.Stack;
using Confluent.Kafka;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Faults;
using CustomerStream.Kafka.Inspection;
using CustomerStream.Kafka.Topics;
using CustomerStream.Projection.Queries;
using CustomerStream.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace CustomerStream.Cli.Commands;

/// <summary><c>status</c>: what the running stack holds: topics, messages, the lag of each consumer group and the mart row counts.</summary>
internal sealed class StatusCommand : CliCommand
{
    private readonly Option<string[]> _groups = new("--group")
    {
        Description = "Also report this consumer group (repeatable). On the embedded cluster, which cannot list its groups, the product's groups are reported.",
        HelpName = "GROUP",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public StatusCommand()
        : base("status", "Show the running stack: its endpoints, topics with partitions and messages, the lag of each consumer group, and the row counts of the marts.")
    {
        Command.Options.Add(_groups);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var stack = await StackConnection.LoadAsync(context, extraJsonFile: null, cancellationToken);
        var options = KafkaOptionsFor(stack);
        var console = context.Out;
        PrintEndpoints(stack.Endpoints, options, context);

        using var logs = LoggerFactory.Create(logging => StackConnection.ConfigureClientLogging(context, logging));
        using var inspector = new KafkaClusterInspector(new KafkaClientFactory(Options.Create(options), logs));
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
        PrintDeadLetters(overview, context);
        await PrintTopicConfigurationAsync(inspectorClients: logs, options, overview, context, cancellationToken);

        // Never ListGroups on the embedded cluster: librdkafka's mock cluster crashes the process on it.
        var groups = (options.Mode == KafkaMode.External
                ? await inspector.ListGroupsAsync(cancellationToken)
                : ProductCatalog.ConsumerGroups)
            .Concat(parse.GetValue(_groups) ?? []);
        var lags = await inspector.GetLagAsync(groups, overview.Topics, cancellationToken);
        if (lags.Count == 0)
        {
            context.Line("Consumer groups: none has committed offsets yet.");
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn("Consumer group").AddColumn("Topic").AddColumn(new TableColumn("Partitions").RightAligned()).AddColumn(new TableColumn("Lag").RightAligned());
            foreach (var lag in lags)
            {
                table.AddRow(Markup.Escape(lag.Group), Markup.Escape(lag.Topic), lag.Partitions.ToString(), lag.Lag.ToString("N0"));
            }

            console.Write(table);
        }

        await StageFaults.PrintAsync(context, await RetentionLossesAsync(options.BootstrapServers, cancellationToken), cancellationToken);
        PrintStateStores(context);
        await PrintMartsAsync(stack, context, cancellationToken);
        return ExitCodes.Ok;
    }

    /// <summary>Records each product group lost to retention, as its committed positions show them now (behind the log start).</summary>
    private static async Task<IReadOnlyDictionary<string, long>> RetentionLossesAsync(string bootstrap, CancellationToken cancellationToken)
    {
        using var positions = ConsumerPositionReader.Connect(bootstrap);
        var losses = await positions.FindRetentionLossesAsync(ProductCatalog.Stages.Select(s => new ConsumerGroupTopics(s.GroupId, s.Topics)), cancellationToken);
        return losses.GroupBy(l => l.Group, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Records), StringComparer.Ordinal);
    }

    /// <summary>Records each stage sent to its dead-letter topic instead of skipping them (listed by <c>dead-letters</c>).</summary>
    private static void PrintDeadLetters(ClusterOverview overview, CliContext context)
    {
        var counts = DeadLetterCounts.Count(CustomerStream.Contracts.Topics.DeadLetterTopics.Keys, topic => overview.Topics.FirstOrDefault(t => t.Name == topic)?.Messages ?? 0)
            .Where(c => c.Records > 0)
            .ToList();
        context.Line(counts.Count == 0
            ? "Dead letters: none (every record was decoded)."
            : $"Dead letters: {string.Join(", ", counts.Select(c => $"{c.Stage} {c.Records:N0}"))}; `customerstream dead-letters` lists them and replays them once fixed.");
    }

    /// <summary>
    /// Compares the configuration of the product's existing topics (retention, cleanup policy) and of the
    /// stateful applications' changelogs with what the catalog and the streaming runtime ask for, and lists
    /// every difference. Only real Kafka keeps topic configuration.
    /// </summary>
    private static async Task PrintTopicConfigurationAsync(
        ILoggerFactory inspectorClients, KafkaOptions options, ClusterOverview overview, CliContext context, CancellationToken cancellationToken)
    {
        if (options.Mode != KafkaMode.External)
        {
            context.Line("Topic configuration: not compared (the embedded cluster keeps no topic configuration).");
            return;
        }

        var required = ProductCatalog.Topics(options.StreamRetentionMs).Concat(ProductCatalog.Changelogs).ToList();
        var existing = overview.Topics.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<TopicConfigDifference> differences;
        try
        {
            using var admin = new KafkaClientFactory(Options.Create(options), inspectorClients).CreateAdminClient("status");
            differences = await TopicConfigInspector.CompareAsync(admin, required, existing, TimeSpan.FromMilliseconds(options.AdminTimeoutMs));
        }
        catch (KafkaException e)
        {
            context.Line($"Topic configuration: could not be read ({e.Error.Reason}).");
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var compared = required.Count(t => existing.Contains(t.Name));
        if (differences.Count == 0)
        {
            context.Line($"Topic configuration: the {compared} existing product topics and changelogs are configured as required.");
            return;
        }

        context.Line($"Topic configuration: {differences.Count} settings differ from what is required (deploy/README.md, \"Topics\", says how to change them):");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Topic").AddColumn("Setting").AddColumn("Has").AddColumn("Required");
        foreach (var difference in differences)
        {
            table.AddRow(Markup.Escape(difference.Topic), Markup.Escape(difference.Key), Markup.Escape(difference.Actual ?? "(unset)"), Markup.Escape(difference.Required));
        }

        context.Out.Write(table);
    }

    /// <summary>
    /// Sizes of the local state stores (RocksDB files and checkpoints) of the stream applications this
    /// machine runs, under <c>.customerstream/state</c>; services run elsewhere report theirs through metrics.
    /// </summary>
    private static void PrintStateStores(CliContext context)
    {
        var root = StackServices.StateRoot(context);
        if (!Directory.Exists(root))
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("State store (local)").AddColumn(new TableColumn("Files").RightAligned()).AddColumn(new TableColumn("Size").RightAligned());
        foreach (var service in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            foreach (var application in Directory.GetDirectories(service).Order(StringComparer.Ordinal).DefaultIfEmpty(service))
            {
                var files = Directory.GetFiles(application, "*", SearchOption.AllDirectories).Select(f => new FileInfo(f)).ToList();
                var name = Path.GetRelativePath(root, application);
                table.AddRow(Markup.Escape(name), files.Count.ToString("N0", CultureInfo.InvariantCulture), $"{files.Sum(f => f.Length) / 1024.0 / 1024.0:N1} MB");
            }
        }

        context.Out.Write(table);
    }

    /// <summary>Row counts of the marts; a database that cannot be read is reported in one line, the Kafka part still stands.</summary>
    private static async Task PrintMartsAsync(StackConnection stack, CliContext context, CancellationToken cancellationToken)
    {
        if (stack.Configuration[ConfigurationKeys.Postgres] is not { Length: > 0 } postgres)
        {
            context.Line($"Marts: no PostgreSQL configured (set {ConfigurationKeys.PostgresEnvironmentVariable}).");
            return;
        }

        IReadOnlyList<MartRowCount> counts;
        try
        {
            counts = await MartConnection.RunAsync(postgres, dataSource => new MartQueries(dataSource).RowCountsAsync(cancellationToken));
        }
        catch (CliException e)
        {
            context.Line($"Marts: {e.Message}");
            return;
        }

        context.Line($"Marts in {MartConnection.Where(postgres)}:");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Mart").AddColumn(new TableColumn("Rows").RightAligned());
        foreach (var count in counts)
        {
            table.AddRow(Markup.Escape(count.Relation), count.Rows.ToString("N0"));
        }

        context.Out.Write(table);
    }

    internal static KafkaOptions KafkaOptionsFor(StackConnection stack)
    {
        var options = new KafkaOptions();
        stack.Configuration.GetSection(KafkaOptions.SectionName).Bind(options);
        options.BootstrapServers = stack.Require(ConfigurationKeys.KafkaBootstrapServers, "Kafka");
        // Status should answer quickly, also when nothing answers.
        options.AdminTimeoutMs = Math.Min(options.AdminTimeoutMs, 5_000);
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
