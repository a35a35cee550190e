using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CustomerStream.Cli.Bench;
using CustomerStream.Cli.Stack;
using CustomerStream.Ingest.Generation;
using CustomerStream.ServiceDefaults;
using Npgsql;

namespace CustomerStream.Cli.Commands;

/// <summary>
/// SPEC §10's end-to-end figures on the embedded stack: the whole pipeline's throughput on a generated sample,
/// the same marts built by plain SQL full refresh beside it (full build and after 1 % new data), and
/// freshness (accepted → in the marts) at a steady rate.
/// </summary>
internal sealed class BenchCommand : CliCommand
{
    private static readonly TimeSpan FeedTimeout = TimeSpan.FromMinutes(5);

    private readonly Option<int> _customers = SampleOptions.Customers();

    private readonly Option<int> _seed = SampleOptions.Seed();

    private readonly Option<double> _increment = new("--increment-percent")
    {
        Description = "New orders for the incremental round, in percent of the sample's rows.",
        DefaultValueFactory = _ => 1.0,
    };

    private readonly Option<int> _rate = new("--rate")
    {
        Description = "Orders per second sent to the ingest API while freshness is measured.",
        DefaultValueFactory = _ => 5_000,
    };

    private readonly Option<int> _seconds = new("--seconds")
    {
        Description = "How long the steady feed at --rate lasts (0 skips it).",
        DefaultValueFactory = _ => 10,
    };

    private readonly BiBenchOptions _bi = new();

    public BenchCommand()
        : base("bench", "Measure the pipeline end to end on the embedded stack: throughput, a plain-SQL full-refresh baseline of the same marts (full and after 1 % new data), freshness at a steady rate, memory.")
    {
        Command.Options.Add(_customers);
        Command.Options.Add(_seed);
        Command.Options.Add(_increment);
        Command.Options.Add(_rate);
        Command.Options.Add(_seconds);
        _bi.AddTo(Command);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var postgres = context.Configuration[ConfigurationKeys.Postgres]
            ?? throw new CliException("The bench writes its marts to PostgreSQL, and none is configured.", "run it through ./customerstream (it sets PostgreSQL up), or set CS_POSTGRES");
        if (_bi.Requested(parse))
        {
            return await _bi.RunAsync(parse, parse.GetValue(_customers), context, postgres, cancellationToken);
        }

        var (rate, seconds, percent) = (parse.GetValue(_rate), parse.GetValue(_seconds), parse.GetValue(_increment));
        if (rate <= 0 || seconds < 0 || percent is <= 0 or > 100)
        {
            throw new CliException("--rate must be positive, --seconds not negative and --increment-percent in (0, 100].", "see `customerstream bench --help`");
        }

        await UpCommand.RefuseSecondStackAsync(context, cancellationToken);
        await EmbeddedMarts.ResetAsync(postgres, registryToo: false, cancellationToken);
        var options = new GeneratorOptions { Customers = parse.GetValue(_customers), Seed = parse.GetValue(_seed) };
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw new CliException(string.Join("; ", problems), "see `customerstream bench --help`");
        }

        var folder = Path.Combine(context.Home, StackEndpoints.FolderName, "bench");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var sample = await context.WithProgressAsync(progress =>
        {
            progress($"Generating {options.Customers:N0} people over {options.Months} months (seed {options.Seed})");
            return new SampleGenerator().GenerateAsync(options, folder, null, cancellationToken);
        });
        context.Line($"Sample: {sample.Records:N0} rows in {sample.Files.Count} files ({options.Customers:N0} people, {options.Months} months, seed {options.Seed})");

        var settings = new EmbeddedStackSettings(3, null, 0, ProductCatalog.EmbeddedTopics);
        await using var stack = await context.WithProgressAsync(progress => EmbeddedStack.StartAsync(settings, context, postgres, progress, cancellationToken));
        await using var services = await context.WithProgressAsync(async progress =>
        {
            progress("Starting ingest API, identity, aggregator and projection");
            return await StackServices.StartAsync(stack, postgres, context, SampleGenerator.SourceConfiguration, "http://127.0.0.1:0", cancellationToken);
        });
        await using var marts = NpgsqlDataSource.Create(postgres);
        var baseline = new SqlBaseline(marts);

        // 1. The whole sample through the pipeline, from the first row read to every group caught up.
        var clock = Stopwatch.StartNew();
        var tallies = await DemoCommand.IngestAsync(context, services, folder, DemoCommand.InputFiles(folder), cancellationToken);
        await DemoCommand.SettleAsync(context, stack, cancellationToken);
        var streamingFull = clock.Elapsed;
        var rows = tallies.Sum(t => t.Records);
        context.Line("Full build: " + ProjectionStages.Describe(ProjectionStages.Snapshot(services.Services)));

        // 2. The same marts by plain SQL over the resolved orders.
        var sqlFull = await baseline.RunRoundAsync(cancellationToken);
        context.Line($"SQL full refresh over {sqlFull.OrdersStaged:N0} orders: {sqlFull.Refresh.Elapsed.TotalSeconds:N2} s ({sqlFull.Refresh.CustomerMonths:N0} customer-month rows); rows that differ from the streaming marts: {sqlFull.Differences:N0}");

        // 3. 1 % new data: new orders of existing customers through the ingest API, streamed, then the SQL refreshed again.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var feed = new OrderFeed(http, services.IngestApiUrl, services.IngestApiKey, marts);
        var emails = await feed.CustomerEmailsAsync(cancellationToken);
        var month = await LastMonthAsync(marts, cancellationToken);
        var incrementCount = (int)Math.Ceiling(rows * percent / 100);
        var increment = await context.WithProgressAsync(progress =>
        {
            progress($"Incremental round: {incrementCount:N0} new orders ({percent:N1} % of {rows:N0} rows)");
            return feed.RunAsync("inc", incrementCount, Math.Max(rate, incrementCount), emails, month, options.Seed, FeedTimeout, cancellationToken);
        });
        await DemoCommand.SettleAsync(context, stack, cancellationToken);
        var sqlIncrement = await baseline.RunRoundAsync(cancellationToken);

        // 4. Freshness at a steady rate.
        FeedResult? steady = null;
        IReadOnlyDictionary<string, long> queues = new Dictionary<string, long>();
        if (seconds > 0)
        {
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sampler = MaxLagAsync(stack.KafkaBootstrap, sampling.Token);
            steady = await context.WithProgressAsync(progress =>
            {
                progress($"Steady feed: {rate:N0} orders/s for {seconds} s");
                return feed.RunAsync("steady", rate * seconds, rate, emails, month, options.Seed + 1, FeedTimeout, cancellationToken);
            });
            await sampling.CancelAsync();
            queues = await sampler;
            await DemoCommand.SettleAsync(context, stack, cancellationToken);
        }

        // Last, the marts as the steady feed left them are checked once more against a refresh.
        var final = await baseline.RunRoundAsync(cancellationToken);

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Print(context, new BenchReport(options, rows, streamingFull, sqlFull, increment, sqlIncrement, steady, queues, final, rate, self.PeakWorkingSet64));
        return sqlFull.Differences == 0 && sqlIncrement.Differences == 0 && final.Differences == 0 && increment.Missing == 0 && steady is not { Missing: > 0 } ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>The largest lag each stage's consumer group showed, looked at twice a second until cancelled.</summary>
    private static async Task<IReadOnlyDictionary<string, long>> MaxLagAsync(string bootstrap, CancellationToken cancellationToken)
    {
        var max = ProductCatalog.Stages.ToDictionary(s => s.Name, _ => 0L, StringComparer.Ordinal);
        using var settling = new PipelineSettling(bootstrap, ProductCatalog.Stages);
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var (stage, lag, _) in await Task.Run(settling.Look, CancellationToken.None))
            {
                max[stage.Name] = Math.Max(max[stage.Name], lag);
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return max;
    }

    private static async Task<DateTime> LastMonthAsync(NpgsqlDataSource marts, CancellationToken cancellationToken)
    {
        await using var command = marts.CreateCommand("SELECT date_trunc('month', max(order_ts) AT TIME ZONE 'UTC') FROM mart.orders");
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime month
            ? DateTime.SpecifyKind(month, DateTimeKind.Utc)
            : throw new CliException("The marts hold no orders after the full build.");
    }

    private static void Print(CliContext context, BenchReport r)
    {
        static string S(TimeSpan t) => t.TotalSeconds.ToString("N2", CultureInfo.InvariantCulture) + " s";
        static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms";
        var inc = r.Increment;
        context.Line("");
        context.Line($"bench: {r.Options.Customers:N0} people, {r.Rows:N0} source rows, embedded stack, {Environment.ProcessorCount} cores");
        context.Line($"  full build      streaming {S(r.StreamingFull)} ({r.Rows / r.StreamingFull.TotalSeconds:N0} source events/s: normalize, identity, aggregate, project)");
        context.Line($"                  SQL full refresh {S(r.SqlFull.Refresh.Elapsed)} (from resolved orders; identity, de-duplication and web sessions not included)  ratio streaming/SQL {r.StreamingFull / r.SqlFull.Refresh.Elapsed:N1}x");
        context.Line($"  +{inc.Orders:N0} orders ({r.Increment.Orders * 100.0 / r.Rows:N1} %)  streaming {S(inc.UntilAllVisible)} until every new order was in the marts; SQL full refresh {S(r.SqlIncrement.Refresh.Elapsed)}  ratio SQL/streaming {r.SqlIncrement.Refresh.Elapsed / inc.UntilAllVisible:N1}x");
        context.Line($"                  freshness p50 {Ms(inc.Percentile(50))}, p99 {Ms(inc.Percentile(99))}, max {Ms(inc.Percentile(100))}");
        if (r.Steady is { } steady)
        {
            context.Line($"  steady {r.Rate:N0} orders/s for {S(steady.Sending)}: freshness p50 {Ms(steady.Percentile(50))}, p99 {Ms(steady.Percentile(99))}, max {Ms(steady.Percentile(100))}; all {steady.Orders:N0} visible after {S(steady.UntilAllVisible)}; missing {steady.Missing:N0}");
            context.Line($"                  largest queue per stage during the feed (records not yet committed): {string.Join(", ", r.Queues.Select(q => $"{q.Key} {q.Value:N0}"))}");
        }

        context.Line($"  SQL models      {string.Join(", ", r.SqlFull.Refresh.Models.Select(m => $"{m.Model} {Ms(m.Elapsed)}"))}");
        context.Line($"  agreement       rows where SQL and streaming marts differ: {r.SqlFull.Differences:N0} after the full build, {r.SqlIncrement.Differences:N0} after the increment, {r.Final.Differences:N0} at the end; new orders never seen: {inc.Missing:N0}");
        context.Line($"  memory          peak working set of the whole stack (Kafka, registry, services) {r.PeakWorkingSet / (1024.0 * 1024 * 1024):N2} GB");
        context.Line("The SQL baseline's tables stay in schema baseline for inspection.");
    }

    private sealed record BenchReport(
        GeneratorOptions Options, long Rows, TimeSpan StreamingFull, BaselineRound SqlFull, FeedResult Increment, BaselineRound SqlIncrement,
        FeedResult? Steady, IReadOnlyDictionary<string, long> Queues, BaselineRound Final, int Rate, long PeakWorkingSet);
}
