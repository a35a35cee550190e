using Microsoft.Extensions.DependencyInjection;
using CustomerStream.Projection.Storage;
using CustomerStream.Projection.Rebuild;
using CustomerStream.Projection.Hosting;
using System.CommandLine;

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
        var (configuration, stack) = await StackConfiguration.ReadAsync(context, cancellationToken);
        StackConfiguration.RequireKafka(configuration, stack, context);
        StackConfiguration.RequirePostgres(configuration);
        var scope = parse.GetValue(_businessUnit) is { Length: > 0 } unit ? RebuildScope.ForBusinessUnit(unit) : RebuildScope.Everything;
        var services = new ServiceCollection();
        services.AddLogging(context.ConfigureLogging);
        services.AddProjectionService(configuration);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<MartSchemaMigrator>().MigrateAsync(cancellationToken);
        var runner = provider.GetRequiredService<RebuildRunner>();
        RebuildResult result;
        try
        {
            result = await context.WithProgressAsync(progress => runner.RunAsync(
                scope,
                new Progress<ReplayProgress>(p => progress($"Replaying the retained topics: {p.Consumed:N0} of {p.Total:N0} records ({p.Fraction:P0}), {p.DocumentsWritten:N0} rows written, {p.RecordsPerSecond:N0} records/s")),
                cancellationToken));
        }
        catch (RetainedLogTruncatedException e)
        {
            throw new CliException(e.Message + " The marts were left as they were.",
                "on real Kafka keep the projection's topics with retention.ms=-1; the embedded cluster keeps about 5 MB per partition");
        }
        context.Line($"Rebuilt {(scope.BusinessUnit is null ? "every customer × time table" : $"the tables of business unit {scope.BusinessUnit}")}: " +
                     $"{result.ClearedRows:N0} rows cleared, {result.Replay.Consumed:N0} records replayed, {result.Replay.DocumentsWritten:N0} rows written in {result.Replay.Elapsed.TotalSeconds:N1} s.");
        context.Line("Readers saw the old rows until the rebuild committed, then the new ones (one transaction).");
        return ExitCodes.Ok;
    }
}
