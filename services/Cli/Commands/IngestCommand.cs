using System.CommandLine;
using Confluent.Kafka;
using CustomerStream.Ingest.Generation;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Publishing;
using CustomerStream.Ingest.Reading;
using CustomerStream.Ingest;
using CustomerStream.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerStream.Cli.Commands;

/// <summary><c>ingest KIND FILE</c>: sends one file to a running stack.</summary>
internal sealed class IngestCommand : CliCommand
{
    private static readonly string[] Kinds = ["customers", "orders", "web-events"];

    private readonly Argument<string> _kind = new("kind")
    {
        Description = "What the file holds: customers (CSV), orders (CSV) or web-events (NDJSON).",
    };

    private readonly Argument<FileInfo> _file = new("file")
    {
        Description = "The file to send (formats in SPEC §6).",
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
        IngestEntityExtensions.TryParseEntity(parse.GetRequiredValue(_kind), out var entity);
        var file = parse.GetRequiredValue(_file);
        var (configuration, stack) = await StackConfiguration.ReadAsync(context, cancellationToken);
        StackConfiguration.RequireKafka(configuration, stack, context);
        configuration = WithSampleSources(configuration, file);

        var services = new ServiceCollection();
        services.AddLogging(context.ConfigureLogging);
        services.AddIngestPublishing(configuration);
        await using var provider = services.BuildServiceProvider();
        EnsureReachable(provider.GetRequiredService<KafkaClientFactory>());
        var ingestor = provider.GetRequiredService<FileIngestor>();
        IngestTally tally;
        try
        {
            tally = await context.WithProgressAsync(progress => ingestor.IngestAsync(
                entity, file.FullName, parse.GetValue(_source),
                t => progress($"{file.Name}: {t.Records:N0} rows, {t.Accepted:N0} accepted, {t.Rejected:N0} rejected, {t.RecordsPerSecond:N0} rows/s"),
                cancellationToken));
        }
        catch (InputFormatException e)
        {
            throw new CliException($"{file.Name} cannot be read as {entity.EntityName()}: {e.Message}", "check the file kind and its header (formats in README)");
        }
        catch (IngestPublishException e)
        {
            throw new CliException($"Kafka did not take every record of {file.Name}: {e.Message}", "is the stack still up? `customerstream status`");
        }
        catch (IOException e)
        {
            throw new CliException($"{file.FullName} could not be read: {e.Message}");
        }

        context.Line($"{file.Name}: {tally} in {tally.Elapsed.TotalSeconds:N1} s ({tally.RecordsPerSecond:N0} rows/s)");
        context.Line("Rejected rows are on ingest.rejected.v1 and in mart.rejected_records, each with its reason code.");
        return ExitCodes.Ok;
    }

    private static void EnsureReachable(KafkaClientFactory clients)
    {
        using var admin = clients.CreateAdminClient("ingest-check");
        try
        {
            admin.GetMetadata(TimeSpan.FromSeconds(5));
        }
        catch (KafkaException e)
        {
            throw new CliException($"Cannot reach Kafka at {clients.Options.BootstrapServers}: {e.Error.Reason}.", "is the stack up? `./customerstream up`");
        }
    }

    /// <summary>
    /// A generated sample carries its sources' settings (time zones, US dates) in sources.json next to the
    /// files; they apply unless the configuration sets the same source.
    /// </summary>
    private static IConfiguration WithSampleSources(IConfiguration configuration, FileInfo file)
    {
        var path = Path.Combine(file.DirectoryName ?? ".", SampleGenerator.SourcesFileName);
        return File.Exists(path)
            ? new ConfigurationBuilder().AddJsonFile(path, optional: false).AddConfiguration(configuration).Build()
            : configuration;
    }

}
