using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Confluent.Kafka;
using CustomerStream.Cli.Commands;
using CustomerStream.Cli.Stack;
using CustomerStream.Aggregator.Hosting;
using CustomerStream.Generation;
using CustomerStream.Identity.Service;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Http;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Kafka.Inspection;
using CustomerStream.ServiceDefaults;
using Npgsql;

namespace CustomerStream.Cli.Bench;

/// <summary>
/// <c>bench --faults</c>: the pipeline as production runs it — the ingest API, identity, aggregator and projection each
/// its own OS process (`customerstream run SERVICE`) beside an embedded cluster and registry this process owns — loaded
/// with the sample, then fed new orders at a steady rate while faults come one after another, each followed by a settle
/// period: a broker taken off the network and brought back, produce requests failing, PostgreSQL and the Schema
/// Registry cut for a few seconds (a TCP relay between them and the services resets every connection and refuses new
/// ones), and each service SIGKILLed and started again. Freshness is measured during and after each fault; at the end
/// every accepted order must be in the marts, no consumer may have lost records, and the marts must equal a plain-SQL
/// refresh.
/// </summary>
internal sealed class FaultBench(CliContext context, string postgres, FaultBenchOptions options)
{
    private const int BouncedBroker = 1;
    /// <summary>How long after the last order was sent the bench waits for the rest to reach the marts; what has not by then is lost.</summary>
    private static readonly TimeSpan FeedTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The services the bench runs and kills, in the order they are killed.</summary>
    private static readonly string[] Services = ["ingest-api", "identity", "aggregator", "projection"];

    /// <summary>The faults' names, in the order they come (as the table prints them and <c>--fault</c> takes them).</summary>
    public static IReadOnlyList<string> FaultNames { get; } = ["broker bounce", "produce errors", "PostgreSQL cut", "registry cut", .. Services.Select(s => $"kill {s}")];

    public async Task<FaultBenchReport> RunAsync(string sampleFolder, CancellationToken cancellationToken)
    {
        var settings = new EmbeddedStackSettings(3, null, 0, ProductCatalog.EmbeddedTopics);
        await using var stack = await context.WithProgressAsync(progress => EmbeddedStack.StartAsync(settings, context, postgres, progress, cancellationToken));
        var database = new NpgsqlConnectionStringBuilder(postgres);
        await using var postgresRelay = new TcpRelay(database.Host ?? "127.0.0.1", database.Port);
        var registry = new Uri(stack.SchemaRegistryUrl!);
        await using var registryRelay = new TcpRelay(registry.Host, registry.Port);
        var home = Path.Combine(context.Home, StackEndpoints.FolderName, "bench-faults");
        if (Directory.Exists(home))
        {
            Directory.Delete(home, recursive: true);
        }

        Directory.CreateDirectory(home);
        var apiUrl = $"http://127.0.0.1:{FreePort()}";
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var environment = Environment(stack, home, new NpgsqlConnectionStringBuilder(postgres) { Host = "127.0.0.1", Port = postgresRelay.Port }.ConnectionString,
            $"{registry.Scheme}://127.0.0.1:{registryRelay.Port}{registry.AbsolutePath}", apiUrl, apiKey);
        await using var services = new ServiceProcesses(home, environment, context.Verbose ? context.Line : null);
        await context.WithProgressAsync(async progress =>
        {
            progress("Starting the ingest API, identity, aggregator and projection, each its own process");
            foreach (var service in Services)
            {
                services.Start(service);
            }

            foreach (var service in Services)
            {
                await services.WaitForOutputAsync(service, $"customerstream {service} is running", StartTimeout);
            }

            return true;
        });

        // The sample, as files sent by `customerstream ingest` (each its own process too).
        foreach (var (entity, path) in DemoCommand.InputFiles(sampleFolder))
        {
            var kind = entity switch { IngestEntity.Customers => "customers", IngestEntity.Orders => "orders", _ => "web-events" };
            using var ingest = CliChildProcess.Start(home, environment, "ingest", kind, path);
            var exit = await context.WithProgressAsync(progress =>
            {
                progress($"Ingesting {Path.GetFileName(path)}");
                return ingest.WaitForExitAsync(TimeSpan.FromMinutes(10));
            });
            if (exit != 0)
            {
                throw new CliException($"Ingesting {path} ended with {exit}:\n{ingest.Tail()}");
            }

            context.Line($"  {ingest.Output.LastOrDefault(l => l.Contains('→', StringComparison.Ordinal)) ?? Path.GetFileName(path)}");
        }

        await DemoCommand.SettleAsync(context, stack, cancellationToken);

        await using var marts = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgres) { ApplicationName = PipelineProbe.ApplicationName }.ConnectionString);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var feed = new OrderFeed(http, apiUrl, apiKey, marts, retryFailures: true);
        var emails = await feed.CustomerEmailsAsync(cancellationToken);
        var month = await BenchCommand.LastMonthAsync(marts, cancellationToken);

        var faults = Faults(stack.Cluster, postgresRelay, registryRelay, services);
        if (options.Only.Count > 0)
        {
            faults = faults.Where(f => options.Only.Contains(f.Name)).ToList();
        }

        var seconds = (int)Math.Ceiling(options.Settle.TotalSeconds + faults.Count * (options.Hold + options.Settle).TotalSeconds);
        context.Line($"Feeding {options.Rate:N0} orders/s for {seconds} s while {faults.Count} faults come one after another ({options.Hold.TotalSeconds:N0} s each, {options.Settle.TotalSeconds:N0} s apart)");
        var feeding = feed.RunAsync("faults", options.Rate * seconds, options.Rate, emails, month, options.Seed + 2, FeedTimeout, cancellationToken);
        var moments = new List<(string Name, string What, long Start, long End, long Settled, List<string> Notes)>();
        await Task.Delay(options.Settle, cancellationToken);
        foreach (var (name, what, begin, end) in faults)
        {
            var notes = new List<string>();
            context.Line($"  {DateTime.UtcNow:HH:mm:ss} {name}: {what}");
            var start = Stopwatch.GetTimestamp();
            await begin();
            await Task.Delay(options.Hold, cancellationToken);
            await end();
            var lifted = Stopwatch.GetTimestamp();
            await Task.Delay(options.Settle, cancellationToken);
            notes.AddRange(RestartStopped(services));
            moments.Add((name, what, start, lifted, Stopwatch.GetTimestamp(), notes));
        }

        var result = await feeding;
        await DemoCommand.SettleAsync(context, stack, cancellationToken);
        var notesAtEnd = RestartStopped(services);
        var final = await new SqlBaseline(marts).RunRoundAsync(cancellationToken);
        using var positions = ConsumerPositionReader.Connect(stack.KafkaBootstrap);
        var retention = await positions.FindRetentionLossesAsync(ProductCatalog.Stages.Select(s => new ConsumerGroupTopics(s.GroupId, s.Topics)), cancellationToken);
        var windows = moments.Select(m => FaultWindow.Of(m.Name, m.What, result.Samples, m.Start, m.End, m.Settled, m.Notes)).ToList();
        var lost = new Dictionary<string, long>(StringComparer.Ordinal) { ["accepted orders never in the marts"] = result.Missing };
        foreach (var loss in retention)
        {
            lost[$"{loss.Group}: {loss.Topic}[{loss.Partition}] removed by retention before read"] = loss.Records;
        }

        var stoppedOnTheirOwn = windows.SelectMany(w => w.Notes).Concat(notesAtEnd).Count(n => n.Contains("stopped on its own", StringComparison.Ordinal));
        return new FaultBenchReport(options, seconds, result, windows, lost, final, stoppedOnTheirOwn, postgresRelay.Dropped, registryRelay.Dropped);
    }

    /// <summary>The faults, in the order they come: each a name, what it does, how it begins and how it is lifted.</summary>
    private List<(string Name, string What, Func<Task> Begin, Func<Task> End)> Faults(
        EmbeddedKafkaCluster cluster, TcpRelay postgresRelay, TcpRelay registryRelay, ServiceProcesses services)
    {
        var hold = $"{options.Hold.TotalSeconds:N0} s";
        var faults = new List<(string, string, Func<Task>, Func<Task>)>
        {
            (FaultNames[0], $"broker {BouncedBroker} of 3 off the network for {hold} (its partitions have no leader meanwhile), then back",
                () => Run(() => cluster.SetBrokerDown(BouncedBroker)), () => Run(() => cluster.SetBrokerUp(BouncedBroker))),
            (FaultNames[1], $"the next {ProduceErrors.Length} produce requests on any broker fail (not leader, leader not available, not enough replicas)",
                () => Run(() => cluster.PushRequestErrors(KafkaApiKey.Produce, ProduceErrors)), () => Task.CompletedTask),
            (FaultNames[2], $"every connection of the services to PostgreSQL reset, new ones refused for {hold}",
                () => Run(postgresRelay.Cut), () => Run(postgresRelay.Restore)),
            (FaultNames[3], $"every connection to the Schema Registry reset, new ones refused for {hold}",
                () => Run(registryRelay.Cut), () => Run(registryRelay.Restore)),
        };
        foreach (var service in Services)
        {
            faults.Add((FaultNames[4 + Array.IndexOf(Services, service)], $"SIGKILL, started again {hold} later on the same state",
                () => services.KillAsync(service), () => Run(() => services.Start(service))));
        }

        return faults;

        static Task Run(Action action)
        {
            action();
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Errors a broker answers without writing the batch, which the producer retries. Not REQUEST_TIMED_OUT: a real broker
    /// answers it when the leader may have written the batch (so the idempotent producer treats it as possibly persisted),
    /// the mock cluster's injected one never writes it, and with it in the mix one order answered 202 was missing from
    /// its topic (docs/benchmarks.md, "Faults").
    /// </summary>
    private static ErrorCode[] ProduceErrors { get; } = Enumerable.Repeat(
        new[] { ErrorCode.NotLeaderForPartition, ErrorCode.LeaderNotAvailable, ErrorCode.NotEnoughReplicas }, 34).SelectMany(e => e).ToArray();

    /// <summary>Starts again a service that stopped on its own (so that the run goes on), and says so.</summary>
    private List<string> RestartStopped(ServiceProcesses services)
    {
        var notes = new List<string>();
        foreach (var (service, tail) in services.Stopped())
        {
            notes.Add($"{service} stopped on its own");
            context.Line($"  {service} stopped on its own; started again. Its last lines:\n{tail}");
            services.Forget(service);
            services.Start(service);
        }

        return notes;
    }

    /// <summary>What every service process is given: the stack's Kafka directly, PostgreSQL and the registry through the relays.</summary>
    private static Dictionary<string, string?> Environment(EmbeddedStack stack, string home, string postgres, string registryUrl, string apiUrl, string apiKey)
    {
        var configuration = new Dictionary<string, string?>
        {
            [ConfigurationKeys.KafkaBootstrapServers] = stack.KafkaBootstrap,
            [ConfigurationKeys.KafkaMode] = "Embedded",
            [ConfigurationKeys.KafkaAdminUrl] = stack.KafkaAdminUrl,
            [ConfigurationKeys.SchemaRegistryUrl] = registryUrl,
            [$"{IdentityServiceOptions.SectionName}:{nameof(IdentityServiceOptions.StateDirectory)}"] = Path.Combine(home, "state", "identity"),
            [$"{AggregatorOptions.SectionName}:{nameof(AggregatorOptions.StateDirectory)}"] = Path.Combine(home, "state", "aggregator"),
            [$"{IngestApiOptions.SectionName}:{nameof(IngestApiOptions.Url)}"] = apiUrl,
            [$"{IngestApiOptions.SectionName}:{nameof(IngestApiOptions.ApiKeys)}:0"] = apiKey,
        };
        foreach (var (name, source) in SampleGenerator.SourceConfiguration)
        {
            StackServices.AddSource(configuration, name, source);
        }

        var environment = configuration.ToDictionary(c => c.Key.Replace(":", "__", StringComparison.Ordinal), c => c.Value, StringComparer.Ordinal);
        environment[ConfigurationKeys.PostgresEnvironmentVariable] = postgres;
        return environment;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
