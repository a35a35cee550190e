using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using CustomerStream.Cli.Stack;
using Metadata = Confluent.Kafka.Metadata;
using CustomerStream.Ingest;
using CustomerStream.Contracts;
using CustomerStream.Generation;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Publishing;
using CustomerStream.Ingest.Reading;
using CustomerStream.Kafka;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerStream.Cli.Commands;

/// <summary><c>ingest KIND FILE</c>: sends one file to a running stack.</summary>
internal sealed class IngestCommand : CliCommand
{
    private static readonly string[] Kinds = ["customers", "orders", "web-events"];

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    private readonly Argument<string> _kind = new("kind")
    {
        Description = "What the file holds: customers (CSV), orders (CSV) or web-events (NDJSON).",
    };

    private readonly Argument<FileInfo> _file = new("file")
    {
        Description = "The file to send (formats in services/Ingest/README.md). A sources.json next to it (as `generate` writes) configures its sources.",
    };

    private readonly Option<string?> _source = new("--source")
    {
        Description = "Name of the source system the records come from (e.g. crm, shop).",
        HelpName = "NAME",
    };

    public IngestCommand()
        : base("ingest", "Send one file of customers, orders or web events to a running stack (embedded, or real Kafka from the configuration).")
    {
        _kind.AcceptOnlyFromAmong(Kinds);
        _file.AcceptExistingOnly();
        Command.Arguments.Add(_kind);
        Command.Arguments.Add(_file);
        Command.Options.Add(_source);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var entity = parse.GetRequiredValue(_kind) switch
        {
            "customers" => IngestEntity.Customers,
            "orders" => IngestEntity.Orders,
            _ => IngestEntity.WebEvents,
        };
        var file = parse.GetRequiredValue(_file);
        var sources = Path.Combine(file.DirectoryName ?? ".", SampleGenerator.SourcesFileName);
        var stack = await StackConnection.LoadAsync(context, File.Exists(sources) ? sources : null, cancellationToken);
        var bootstrap = stack.Require(ConfigurationKeys.KafkaBootstrapServers, "Kafka");
        var registryUrl = stack.Require(ConfigurationKeys.SchemaRegistryUrl, "Schema Registry");

        var services = new ServiceCollection()
            .AddLogging(logging => StackConnection.ConfigureClientLogging(context, logging))
            .AddIngestPublishing(stack.Configuration)
            .AddIngestPacingDefaults();
        await using var provider = services.BuildServiceProvider();
        var topic = entity.Topic();
        await EnsureClusterAsync(provider.GetRequiredService<KafkaClientFactory>(), bootstrap, [topic, Topics.IngestRejected], cancellationToken);
        await RegisterSchemasAsync(provider.GetRequiredService<ISchemaRegistryClient>(), registryUrl, [topic, Topics.IngestRejected], cancellationToken);

        var ingestor = provider.GetRequiredService<FileIngestor>();
        var size = file.Length;
        IngestTally tally;
        try
        {
            tally = await LiveProgress.RunAsync(context, $"Sending {file.Name} to {topic} ({bootstrap})", progress =>
                ingestor.IngestAsync(entity, file.FullName, parse.GetValue(_source), t => progress(Line(file.Name, t, size)), cancellationToken));
        }
        catch (InputFormatException e)
        {
            throw new CliException(e.Message, $"is it a {parse.GetRequiredValue(_kind)} file? `customerstream ingest --help` lists the kinds; formats are in services/Ingest/README.md (Input formats)");
        }
        catch (IngestStalledException e)
        {
            throw new CliException($"Stopped sending {file.Name}: {e.Message}", "start the services that consume the ingest topics (`customerstream run identity`), or raise Ingest:Pacing:StallTimeout; sending the file again is safe");
        }
        catch (IngestPublishException e)
        {
            throw new CliException($"Kafka did not take every record of {file.Name}: {e.Message}", "sending the file again is safe (re-sends change nothing); `customerstream status` checks the stack");
        }

        context.Line($"{file.Name} → {topic}: {tally}");
        context.Line(string.Create(CultureInfo.InvariantCulture,
            $"  read to the end in {tally.Elapsed.TotalSeconds:N1} s ({tally.RecordsPerSecond:N0} records/s{(tally.Waited > TimeSpan.Zero ? $", of which {tally.Waited.TotalSeconds:N1} s waiting for the pipeline" : "")}); every record is acknowledged by Kafka"));
        if (tally.Rejected > 0)
        {
            context.Line($"  rejected records are on {Topics.IngestRejected} with their reasons (mart.rejected_records once projected)");
        }

        return ExitCodes.Ok;
    }

    private static string Line(string file, IngestTally tally, long size) => string.Create(CultureInfo.InvariantCulture,
        $"{file}: {tally.Records:N0} records ({tally.RecordsPerSecond:N0}/s), {tally.Accepted:N0} accepted, {tally.Rejected:N0} rejected, {(size == 0 ? 100 : 100.0 * tally.BytesRead / size):N0}% read{(tally.Waiting is { } wait ? $"; {wait}" : "")}");

    /// <summary>Fails fast, in one line, when Kafka does not answer or lacks a topic, instead of after the delivery timeout.</summary>
    internal static async Task EnsureClusterAsync(KafkaClientFactory clients, string bootstrap, string[] topics, CancellationToken cancellationToken)
    {
        using var admin = clients.CreateAdminClient("ingest-probe");
        Metadata metadata;
        try
        {
            metadata = await Task.Run(() => admin.GetMetadata(ProbeTimeout), cancellationToken);
        }
        catch (KafkaException e)
        {
            throw new CliException($"Cannot reach Kafka at {bootstrap}: {e.Error.Reason}.", "is the stack up? `./customerstream up` starts one; `customerstream status` checks it");
        }

        var missing = topics.Where(t => !metadata.Topics.Any(m => m.Topic == t && !m.Error.IsError)).ToList();
        if (missing.Count > 0)
        {
            throw new CliException($"Kafka at {bootstrap} has no topic {string.Join(", ", missing)}.", "the stack creates the product topics when it starts: `./customerstream up`");
        }
    }

    internal static async Task RegisterSchemasAsync(ISchemaRegistryClient registry, string url, string[] topics, CancellationToken cancellationToken)
    {
        try
        {
            await ContractSubjects.RegisterAsync(registry, Topics.All.Where(t => topics.Contains(t.Name)), cancellationToken);
        }
        catch (Exception e) when (e is SchemaRegistryException or SchemaRegistryUnavailableException)
        {
            throw new CliException($"Schema Registry at {url}: {e.Message}", "is the stack up? `customerstream status` checks it");
        }
    }
}
