using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CustomerStream.Cli.Stack;
using CustomerStream.Ingest;
using CustomerStream.Generation;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Publishing;
using CustomerStream.Projection.Queries;
using CustomerStream.Projection.Storage;
using CustomerStream.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;

namespace CustomerStream.Cli.Commands;

internal sealed class DemoCommand : CliCommand
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(15);

    private readonly Option<int> _customers = SampleOptions.Customers();

    private readonly Option<int> _seed = SampleOptions.Seed();

    private readonly Option<DirectoryInfo?> _input = new("--input")
    {
        Description = "Ingest the files in DIR (customers*.csv, orders*.csv, web_events*.ndjson) instead of generated data.",
        HelpName = "DIR",
    };

    private readonly Option<bool> _reset = new("--reset")
    {
        Description = "Empty topics, state and marts first, and forget the registered schemas and the generated sample.",
    };

    private readonly Option<bool> _keepRunning = new("--keep-running")
    {
        Description = "Keep the stack up after the summary (until Ctrl-C), for querying and other clients.",
    };

    public DemoCommand()
        : base("demo", "Run the embedded stack end to end: generate a messy multi-source sample, stream it through, wait until the marts settle and print a summary.")
    {
        Command.Options.Add(_customers);
        Command.Options.Add(_seed);
        Command.Options.Add(_input);
        Command.Options.Add(_reset);
        Command.Options.Add(_keepRunning);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var postgres = context.Configuration[ConfigurationKeys.Postgres]
            ?? throw new CliException("The demo writes its marts to PostgreSQL, and none is configured.", "run it through ./customerstream (it sets PostgreSQL up), or set CS_POSTGRES");
        await UpCommand.RefuseSecondStackAsync(context, cancellationToken);
        var clock = Stopwatch.StartNew();
        var reset = parse.GetValue(_reset);

        // The embedded cluster keeps its topics in memory: marts and local state of an earlier run have no
        // log behind them any more, so every run projects from scratch. --reset also forgets the schemas.
        // (First, so that an unreachable PostgreSQL stops the demo before anything else.)
        await EmbeddedMarts.ResetAsync(postgres, reset, cancellationToken);
        var (folder, sources, files) = await InputAsync(parse, context, reset, cancellationToken);
        context.Line(reset ? "Reset: marts, stream state, registered schemas and sample emptied." : "Marts emptied (each demo run projects its own topics).");

        var settings = new EmbeddedStackSettings(3, null, 0, ProductCatalog.EmbeddedTopics);
        await using var stack = await context.WithProgressAsync(progress => EmbeddedStack.StartAsync(settings, context, postgres, progress, cancellationToken));
        await using var services = await context.WithProgressAsync(async progress =>
        {
            progress("Starting ingest API, identity, aggregator and projection");
            return await StackServices.StartAsync(stack, postgres, context, sources, "http://127.0.0.1:0", console: parse.GetValue(_keepRunning), cancellationToken);
        });
        await (stack.Endpoints(postgres) with { IngestApiKey = services.IngestApiKey, ConsoleUrl = services.ConsoleUrl, ReadApiKey = services.ReadApiKey })
            .WriteAsync(context.EndpointsPath, cancellationToken);
        context.Line($"Embedded stack up: Kafka {stack.KafkaBootstrap}, Schema Registry {stack.SchemaRegistryUrl}, ingest API {services.IngestApiUrl}");

        var ingested = await IngestAsync(context, services, folder, files, cancellationToken);
        await SettleAsync(context, stack, cancellationToken);
        await PrintSummaryAsync(context, postgres, ingested, clock.Elapsed, cancellationToken);

        if (parse.GetValue(_keepRunning))
        {
            context.Line($"Customer 360 console: {UpCommand.ConsoleLink(services, withKey: false)}");
            context.Line($"The stack stays up (endpoints in {context.EndpointsPath}); press Ctrl-C to stop.");
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stack.Stopping, services.Stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: shut down.
            }

            context.Line("Stopping: services, HTTP endpoints, then Kafka (the marts stay in PostgreSQL).");
        }

        return ExitCodes.Ok;
    }

    private async Task<(string Folder, IReadOnlyDictionary<string, SourceOptions> Sources, IReadOnlyList<(IngestEntity Entity, string Path)> Files)> InputAsync(
        ParseResult parse, CliContext context, bool reset, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_input) is { } input)
        {
            if (!input.Exists)
            {
                throw new CliException($"--input {input.FullName} does not exist.", "give a folder with customers*.csv, orders*.csv and web_events*.ndjson");
            }

            var files = InputFiles(input.FullName);
            if (files.Count == 0)
            {
                throw new CliException($"{input.FullName} holds no customers*.csv, orders*.csv or web_events*.ndjson.", "see README: input formats");
            }

            return (input.FullName, Sources(input.FullName), files);
        }

        var folder = Path.Combine(context.Home, StackEndpoints.FolderName, "sample");
        if (reset && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var options = new GeneratorOptions { Customers = parse.GetValue(_customers), Seed = parse.GetValue(_seed) };
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new CliException(string.Join("; ", problems), "see `customerstream demo --help`");
        }

        var sample = await context.WithProgressAsync(progress =>
        {
            progress($"Generating a sample of {options.Customers:N0} people over {options.Months} months (seed {options.Seed})");
            return new SampleGenerator().GenerateAsync(options, folder, people => progress($"Generating the sample: {people:N0} of {options.Customers:N0} people"), cancellationToken);
        });
        context.Line($"Sample: {sample.Records:N0} rows in {sample.Files.Count} files under {folder} (ground truth: {Path.GetFileName(sample.GroundTruthPath)})");
        return (folder, SampleGenerator.SourceConfiguration, InputFiles(folder));
    }

    internal static List<(IngestEntity Entity, string Path)> InputFiles(string folder)
    {
        // Customers first, then orders, then web events: the order a new system would be loaded in (the
        // result does not depend on it).
        (string Pattern, IngestEntity Entity)[] kinds = [("customers*.csv", IngestEntity.Customers), ("orders*.csv", IngestEntity.Orders), ("web_events*.ndjson", IngestEntity.WebEvents)];
        return kinds.SelectMany(k => Directory.GetFiles(folder, k.Pattern).Order(StringComparer.Ordinal).Select(f => (k.Entity, f))).ToList();
    }

    private static IReadOnlyDictionary<string, SourceOptions> Sources(string folder)
    {
        // The generator writes its sources' settings as a configuration fragment; other folders may too.
        var path = Path.Combine(folder, SampleGenerator.SourcesFileName);
        if (!File.Exists(path))
        {
            return new Dictionary<string, SourceOptions>();
        }

        try
        {
            return new ConfigurationBuilder().AddJsonFile(path, optional: false).Build()
                .GetSection($"{IngestOptions.SectionName}:{nameof(IngestOptions.Sources)}").Get<Dictionary<string, SourceOptions>>() ?? [];
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or InvalidOperationException)
        {
            throw new CliException($"{path} is not a source configuration: {e.Message}", "it holds {\"Ingest\": {\"Sources\": {\"<name>\": {\"TimeZone\": …, \"UsDates\": …}}}}");
        }
    }

    internal static async Task<IReadOnlyList<IngestTally>> IngestAsync(
        CliContext context, StackServices services, string folder, IReadOnlyList<(IngestEntity Entity, string Path)> files, CancellationToken cancellationToken)
    {
        var ingestor = services.Services.GetRequiredService<FileIngestor>();
        var tallies = new List<IngestTally>();
        foreach (var (entity, path) in files)
        {
            var name = Path.GetRelativePath(folder, path);
            var tally = await context.WithProgressAsync(async progress =>
            {
                progress($"Ingesting {name}");
                return await ingestor.IngestAsync(entity, path, progress: t => progress($"Ingesting {name}: {t.Records:N0} rows, {t.Accepted:N0} accepted, {t.Rejected:N0} rejected, {t.RecordsPerSecond:N0} rows/s"), cancellationToken: cancellationToken);
            });
            context.Line($"  {name,-28} {tally}");
            tallies.Add(tally);
        }

        return tallies;
    }

    internal static async Task SettleAsync(CliContext context, EmbeddedStack stack, CancellationToken cancellationToken)
    {
        using var settling = new PipelineSettling(stack.KafkaBootstrap, ProductCatalog.Stages);
        var clock = Stopwatch.StartNew();
        await context.WithProgressAsync(async progress =>
        {
            await settling.WaitAsync(SettleTimeout, look => progress(
                "Streaming: " + string.Join(", ", look.Select(l => $"{l.Stage.Name} {(l.Lag == 0 ? "caught up" : $"{l.Lag:N0} behind")}"))), cancellationToken);
            return true;
        });
        context.Line($"Every consumer group caught up and the topics stopped growing ({clock.Elapsed.TotalSeconds:N1} s after ingest).");
    }

    private static async Task PrintSummaryAsync(CliContext context, string postgres, IReadOnlyList<IngestTally> ingested, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(postgres);
        // The segments below are as of the last global refresh: refresh now that everything has settled.
        await new MartRefresher(dataSource).RefreshAsync(cancellationToken);
        var queries = new MartQueries(dataSource);
        var audit = await queries.AuditCustomersAsync(cancellationToken);
        var overview = await queries.OverviewAsync(cancellationToken);
        var console = context.Out;
        console.WriteLine();
        console.MarkupLine($"[green bold]CustomerStream demo: done in {elapsed.TotalSeconds:N0} s[/]");
        context.Line($"Input: {ingested.Sum(t => t.Records):N0} rows, {ingested.Sum(t => t.Accepted):N0} accepted, {ingested.Sum(t => t.Rejected):N0} rejected (kept in mart.rejected_records with their reasons)");
        context.Line("");
        context.Line($"Customers: {audit.Visible:N0}  (SELECT count(*) FROM mart.customer_profile WHERE visibility_status = 'visible')");
        foreach (var bucket in audit.ByVisibility)
        {
            context.Line($"  {bucket.VisibilityStatus,-12} {bucket.Customers,10:N0}");
        }

        context.Line($"  merges announced while streaming (mart.customer_merges): {audit.Aliases:N0}");
        context.Line("");
        context.Line($"Revenue of visible customers (approved orders): {overview.Revenue.ToString("N2", CultureInfo.InvariantCulture)}; refunded {overview.RefundedAmount.ToString("N2", CultureInfo.InvariantCulture)}; {overview.Orders:N0} orders on record (current versions, every status, in mart.orders)");
        context.Line($"Customer-month rows: {overview.CustomerMonths:N0}");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Segment (mart.customer_rfm)").AddColumn(new TableColumn("Customers").RightAligned()).AddColumn(new TableColumn("Lifetime value").RightAligned());
        foreach (var segment in overview.Segments)
        {
            table.AddRow(Markup.Escape(segment.Segment), segment.Customers.ToString("N0", CultureInfo.InvariantCulture), segment.LifetimeValue.ToString("N2", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        var builder = new NpgsqlConnectionStringBuilder(postgres);
        context.Line("");
        context.Line("The marts are in PostgreSQL, schema mart (read-only role customerstream_bi):");
        context.Line($"  PGPASSWORD=customerstream_bi psql -h {builder.Host} -p {builder.Port} -U customerstream_bi -d {builder.Database}");
        context.Line("Try:");
        context.Line("  SELECT visibility_status, count(*) FROM mart.customer_profile GROUP BY 1;");
        context.Line("  SELECT period_start, sum(revenue) FROM mart.customer_month GROUP BY 1 ORDER BY 1;");
        context.Line("  SELECT segment, count(*), round(avg(monetary), 2) FROM mart.customer_rfm GROUP BY 1 ORDER BY 2 DESC;");
        context.Line($"More: customerstream audit customers | customerstream profile EMAIL | README.md (Querying the marts)");
    }
}
