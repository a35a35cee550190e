using System.CommandLine;
using System.Globalization;
using CustomerStream.Projection.Hosting;
using CustomerStream.Projection.Rebuild;
using CustomerStream.Projection.Storage;
using CustomerStream.SchemaRegistry;
using CustomerStream.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerStream.Cli.Commands;

/// <summary><c>rebuild</c>: regenerates the customer × time tables from the retained event log.</summary>
internal sealed class RebuildCommand : CliCommand
{
    private readonly Option<string?> _businessUnit = new("--business-unit")
    {
        Description = "Rebuild only the tables of this business unit.",
        HelpName = "BU",
    };

    public RebuildCommand()
        : base("rebuild", "Regenerate the customer × time tables from the retained event log, in one go.")
    {
        Command.Options.Add(_businessUnit);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var scope = parse.GetValue(_businessUnit) is { } unit
            ? string.IsNullOrWhiteSpace(unit)
                ? throw new CliException("--business-unit needs a name.", "e.g. `customerstream rebuild --business-unit retail`", ExitCodes.Usage)
                : RebuildScope.ForBusinessUnit(unit)
            : RebuildScope.Everything;
        var stack = await StackConnection.LoadAsync(context, extraJsonFile: null, cancellationToken);
        var bootstrap = stack.Require(ConfigurationKeys.KafkaBootstrapServers, "Kafka");
        stack.Require(ConfigurationKeys.SchemaRegistryUrl, "Schema Registry");
        var postgres = stack.Require(ConfigurationKeys.Postgres, "PostgreSQL");

        await using var provider = new ServiceCollection()
            .AddLogging(logging => StackConnection.ConfigureClientLogging(context, logging))
            .AddProjectionService(stack.Configuration)
            .BuildServiceProvider();
        var result = await MartConnection.RunAsync(postgres, async _ =>
        {
            // The projection migrates at start; a rebuild may come first (e.g. into a fresh database).
            await provider.GetRequiredService<MartSchemaMigrator>().MigrateAsync(cancellationToken);
            var runner = provider.GetRequiredService<RebuildRunner>();
            return await LiveProgress.RunAsync(context, $"Rebuilding {scope} from the retained topics ({bootstrap})", progress =>
                RunAsync(runner, scope, progress, cancellationToken));
        });

        var replay = result.Replay;
        context.Line(string.Create(CultureInfo.InvariantCulture,
            $"Rebuilt {scope}: cleared {result.ClearedRows:N0} rows, replayed {replay.Consumed:N0} records, wrote {replay.DocumentsWritten:N0} documents in {replay.Elapsed.TotalSeconds:N1} s ({replay.RecordsPerSecond:N0} records/s)."));
        return ExitCodes.Ok;
    }

    private static async Task<RebuildResult> RunAsync(RebuildRunner runner, RebuildScope scope, Action<string> progress, CancellationToken cancellationToken)
    {
        try
        {
            return await runner.RunAsync(scope, new SynchronousProgress(p => progress(Line(p))), cancellationToken);
        }
        catch (Exception e) when (e is Confluent.SchemaRegistry.SchemaRegistryException or SchemaRegistryUnavailableException)
        {
            throw new CliException($"Schema Registry: {e.Message}", "is the stack up? `customerstream status` checks it");
        }
        catch (RetainedLogTruncatedException e)
        {
            throw new CliException(e.Message + " The marts were left as they were.",
                "on real Kafka keep the projection's topics with retention.ms=-1; the embedded cluster keeps about 5 MB per partition");
        }
    }

    private static string Line(ReplayProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"Replayed {p.Consumed:N0} of {p.Total:N0} records ({p.Fraction:P0}), {p.RecordsPerSecond:N0} records/s, {p.DocumentsWritten:N0} documents written");

    // Progress<T> posts to the thread pool, so lines could arrive after the final one; report in order instead.
    private sealed class SynchronousProgress(Action<ReplayProgress> report) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value) => report(value);
    }
}
