using System.CommandLine;
using System.Diagnostics;
using CustomerStream.Cli.Bench;
using CustomerStream.Cli.Stack;
using CustomerStream.Generation;
using CustomerStream.Projection.Storage;
using CustomerStream.ServiceDefaults;
using Npgsql;

namespace CustomerStream.Cli.Commands;

/// <summary>
/// The end-to-end figures on the embedded stack: the whole pipeline's throughput on a generated sample, the same
/// marts built by plain SQL full refresh beside it (full build and after 1 % new data), freshness (accepted → in
/// the marts) at a steady rate, optionally the highest rate that stays fresh, where every stage's time went, and
/// whether any record was lost.
/// </summary>
internal sealed class BenchCommand : CliCommand
{
    private static readonly TimeSpan FeedTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan FreshnessBound = TimeSpan.FromSeconds(1);

    private readonly Option<int> _customers = SampleOptions.Customers();

    private readonly Option<int> _seed = SampleOptions.Seed();

    private readonly Option<double> _increment = new("--increment-percent")
    {
        Description = "New orders for the incremental round, in percent of the sample's rows (sent at once, as one delivery of new data).",
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
        DefaultValueFactory = _ => 30,
    };

    private readonly Option<bool> _findMaxRate = new("--find-max-rate")
    {
        Description = "Also look for the highest steady rate at which freshness p99 stays under 1 s (doubling from 1,000 orders/s, then narrowing down; --probe-seconds each).",
    };

    private readonly Option<int> _probeSeconds = new("--probe-seconds")
    {
        Description = "How long each rate is fed while --find-max-rate looks.",
        DefaultValueFactory = _ => 10,
    };

    private readonly Option<bool> _faults = new("--faults")
    {
        Description = "Instead of the figures above: run every service as its own process and keep a steady feed (--rate, 200 orders/s unless given) going while a broker bounces, produce requests fail, PostgreSQL and the Schema Registry are cut, and each service is SIGKILLed and restarted; prints freshness during and after each fault, lost records and rows differing from a plain-SQL refresh (both must be 0).",
    };

    private readonly Option<int> _faultSeconds = new("--fault-seconds")
    {
        Description = "With --faults: how long each fault lasts (a broker down, a cut, a killed service's time before its restart).",
        DefaultValueFactory = _ => 5,
    };

    private readonly Option<int> _settleSeconds = new("--settle-seconds")
    {
        Description = "With --faults: the quiet period after each fault (and before the first), in which recovery is measured.",
        DefaultValueFactory = _ => 15,
    };

    private readonly Option<string[]> _only = new("--fault")
    {
        Description = "With --faults: run only this fault (repeatable; by the name the table prints, e.g. \"broker bounce\", \"kill identity\"). All of them unless given.",
        HelpName = "NAME",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly BiBenchOptions _bi = new();

    public BenchCommand()
        : base("bench", "Measure the pipeline end to end on the embedded stack: throughput, a plain-SQL full-refresh baseline of the same marts (full and after 1 % new data), freshness at a steady rate, where each stage's time goes, memory, lost records. With --bi: BI reads at scale instead.")
    {
        Command.Options.Add(_customers);
        Command.Options.Add(_seed);
        Command.Options.Add(_increment);
        Command.Options.Add(_rate);
        Command.Options.Add(_seconds);
        Command.Options.Add(_findMaxRate);
        Command.Options.Add(_probeSeconds);
        Command.Options.Add(_faults);
        Command.Options.Add(_faultSeconds);
        Command.Options.Add(_settleSeconds);
        Command.Options.Add(_only);
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

        var (rate, seconds, percent, probeSeconds) = (parse.GetValue(_rate), parse.GetValue(_seconds), parse.GetValue(_increment), parse.GetValue(_probeSeconds));
        if (rate <= 0 || seconds < 0 || percent is <= 0 or > 100 || probeSeconds <= 0)
        {
            throw new CliException("--rate and --probe-seconds must be positive, --seconds not negative and --increment-percent in (0, 100].", "see `customerstream bench --help`");
        }

        if (parse.GetValue(_faults))
        {
            return await RunFaultsAsync(parse, context, postgres, cancellationToken);
        }

        var (options, folder) = await PrepareAsync(parse, context, postgres, cancellationToken);

        var settings = new EmbeddedStackSettings(3, null, 0, ProductCatalog.EmbeddedTopics);
        await using var stack = await context.WithProgressAsync(progress => EmbeddedStack.StartAsync(settings, context, postgres, progress, cancellationToken));
        await using var services = await context.WithProgressAsync(async progress =>
        {
            progress("Starting ingest API, identity, aggregator and projection");
            // No console: its pipeline view would add its own look at the cluster to what the bench measures.
            return await StackServices.StartAsync(stack, postgres, context, SampleGenerator.SourceConfiguration, "http://127.0.0.1:0", console: false, cancellationToken);
        });
        // Named, so that the CPU of the bench's own queries is not counted as the pipeline's.
        await using var marts = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgres) { ApplicationName = PipelineProbe.ApplicationName }.ConnectionString);
        var baseline = new SqlBaseline(marts);
        var probe = new PipelineProbe(services.Services, marts);

        // 1. The whole sample through the pipeline: from the first row read to the last write to the marts, the
        // stages started and assigned first, as they are when data reaches a running pipeline.
        var assignment = await context.WithProgressAsync(progress =>
        {
            progress("Waiting for every stage's partitions to be assigned");
            return probe.WaitUntilAssignedAsync(TimeSpan.FromSeconds(120), cancellationToken);
        });
        context.Line($"Every stage had its partitions {assignment.TotalSeconds:N1} s after the services started (consumer group joins; not part of the full build).");
        var before = await probe.TakeAsync(cancellationToken);
        var ingest = Stopwatch.StartNew();
        var tallies = await DemoCommand.IngestAsync(context, services, folder, DemoCommand.InputFiles(folder), cancellationToken);
        var ingestTime = ingest.Elapsed;
        await DemoCommand.SettleAsync(context, stack, cancellationToken);
        var settled = await probe.TakeAsync(cancellationToken);
        var rows = tallies.Sum(t => t.Records);
        var fullBuild = Stopwatch.GetElapsedTime(before.Timestamp, Math.Max(settled.LastProjectionBatch, before.Timestamp));
        var refreshing = Stopwatch.StartNew();
        await new MartRefresher(marts).RefreshAsync(cancellationToken);
        var refresh = refreshing.Elapsed;
        var fullBuildStages = PhaseAccounting.Between(before, settled, rows, ingestTime);

        // 2. The same marts by plain SQL over the resolved orders.
        var sqlFull = await baseline.RunRoundAsync(cancellationToken);
        context.Line($"SQL full refresh over {sqlFull.OrdersStaged:N0} orders: {sqlFull.Refresh.Elapsed.TotalSeconds:N2} s ({sqlFull.Refresh.CustomerMonths:N0} customer-month rows); rows that differ from the streaming marts: {sqlFull.Differences:N0}");

        // 3. 1 % new data, delivered at once: new orders of existing customers through the ingest API, then the SQL refreshed again.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var feed = new OrderFeed(http, services.IngestApiUrl, services.IngestApiKey, marts);
        var emails = await feed.CustomerEmailsAsync(cancellationToken);
        var month = await LastMonthAsync(marts, cancellationToken);
        var incrementCount = (int)Math.Ceiling(rows * percent / 100);
        var increment = await context.WithProgressAsync(progress =>
        {
            progress($"Incremental round: {incrementCount:N0} new orders ({percent:N1} % of {rows:N0} rows)");
            return feed.RunAsync("inc", incrementCount, incrementCount * 20, emails, month, options.Seed, FeedTimeout, cancellationToken);
        });
        await DemoCommand.SettleAsync(context, stack, cancellationToken);
        var sqlIncrement = await baseline.RunRoundAsync(cancellationToken);

        // 4. Freshness at a steady rate.
        FeedResult? steady = null;
        PhaseAccounting? steadyStages = null;
        IReadOnlyDictionary<string, long> queues = new Dictionary<string, long>();
        if (seconds > 0)
        {
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sampler = MaxLagAsync(stack.KafkaBootstrap, sampling.Token);
            var start = await probe.TakeAsync(cancellationToken);
            steady = await context.WithProgressAsync(progress =>
            {
                progress($"Steady feed: {rate:N0} orders/s for {seconds} s");
                return feed.RunAsync("steady", rate * seconds, rate, emails, month, options.Seed + 1, FeedTimeout, cancellationToken);
            });
            steadyStages = PhaseAccounting.Between(start, await probe.TakeAsync(cancellationToken), 0, steady.Sending);
            await sampling.CancelAsync();
            queues = await sampler;
            await DemoCommand.SettleAsync(context, stack, cancellationToken);
        }

        // 5. Optionally, the highest rate that stays fresh.
        (int, IReadOnlyList<(int, FeedResult)>)? maxRate = null;
        if (parse.GetValue(_findMaxRate))
        {
            var probes = 0;
            var search = new MaxRateSearch(async (r, s) =>
            {
                var result = await feed.RunAsync($"max{probes++}", r * s, r, emails, month, options.Seed + 10 + probes, FeedTimeout, cancellationToken);
                await DemoCommand.SettleAsync(context, stack, cancellationToken);
                return result;
            }, FreshnessBound, probeSeconds);
            maxRate = await context.WithProgressAsync(search.RunAsync);
        }

        // Last, the marts as the feeds left them are checked once more against a refresh.
        var final = await baseline.RunRoundAsync(cancellationToken);
        var end = await probe.TakeAsync(cancellationToken);

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        // Every accepted row must have reached identity: the runtime notices gaps in partitions it has read, but a
        // partition whose head was removed before it was ever read only shows as fewer records processed.
        var lost = new Dictionary<string, long>(end.LostRecords, StringComparer.Ordinal);
        var neverRead = tallies.Sum(t => t.Accepted) - fullBuildStages.Identity.Records;
        if (neverRead > 0)
        {
            lost["identity: ingest topics, accepted but never processed"] = neverRead;
        }

        var report = new PipelineBenchReport(options, rows, assignment, fullBuild, Stopwatch.GetElapsedTime(before.Timestamp, settled.Timestamp), refresh,
            fullBuildStages, sqlFull, increment, sqlIncrement, rate, steady, steadyStages, queues, maxRate, final, lost, self.PeakWorkingSet64);
        report.Print(context);
        if (_bi.JsonPath(parse) is { } path)
        {
            await report.WriteJsonAsync(path, cancellationToken);
            context.Line($"Figures written to {path}");
        }

        return report.Passed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private async Task<int> RunFaultsAsync(ParseResult parse, CliContext context, string postgres, CancellationToken cancellationToken)
    {
        var rate = parse.GetResult(_rate) is { Implicit: false } ? parse.GetValue(_rate) : 200;
        var (hold, settle) = (parse.GetValue(_faultSeconds), parse.GetValue(_settleSeconds));
        if (rate <= 0 || hold <= 0 || settle <= 0)
        {
            throw new CliException("--rate, --fault-seconds and --settle-seconds must be positive.", "see `customerstream bench --help`");
        }

        var only = parse.GetValue(_only) ?? [];
        if (only.Where(o => !FaultBench.FaultNames.Contains(o)).ToList() is { Count: > 0 } unknown)
        {
            throw new CliException($"No fault is called {string.Join(", ", unknown.Select(u => $"'{u}'"))}.", $"the faults: {string.Join(", ", FaultBench.FaultNames.Select(f => $"\"{f}\""))}");
        }

        var (sample, folder) = await PrepareAsync(parse, context, postgres, cancellationToken);
        var options = new FaultBenchOptions(sample.Customers, sample.Seed, rate, TimeSpan.FromSeconds(hold), TimeSpan.FromSeconds(settle), only);
        var report = await new FaultBench(context, postgres, options).RunAsync(folder, cancellationToken);
        report.Print(context);
        if (_bi.JsonPath(parse) is { } path)
        {
            await report.WriteJsonAsync(path, cancellationToken);
            context.Line($"Figures written to {path}");
        }

        return report.Passed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Refuses to run beside a stack, empties the marts and generates the sample; returns its options and folder.</summary>
    private async Task<(GeneratorOptions Options, string Folder)> PrepareAsync(ParseResult parse, CliContext context, string postgres, CancellationToken cancellationToken)
    {
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
        return (options, folder);
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

    internal static async Task<DateTime> LastMonthAsync(NpgsqlDataSource marts, CancellationToken cancellationToken)
    {
        await using var command = marts.CreateCommand("SELECT date_trunc('month', max(order_ts) AT TIME ZONE 'UTC') FROM mart.orders");
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime month
            ? DateTime.SpecifyKind(month, DateTimeKind.Utc)
            : throw new CliException("The marts hold no orders after the full build.");
    }
}
