using System.Diagnostics;
using CustomerStream.Aggregator.Hosting;
using CustomerStream.Identity.Service;
using CustomerStream.Projection.Service;
using CustomerStream.Streaming.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CustomerStream.Cli.Bench;

/// <summary>Takes <see cref="PipelineSnapshot"/>s of the embedded stack the bench runs.</summary>
internal sealed class PipelineProbe(IServiceProvider services, NpgsqlDataSource marts)
{
    private readonly StreamApplication _identity = services.GetRequiredKeyedService<StreamApplication>(IdentityServiceHosting.GraphApplication);
    private readonly StreamApplication _aggregator = services.GetRequiredKeyedService<StreamApplication>(AggregatorServiceCollectionExtensions.ApplicationKey);
    private readonly ProjectionMetrics? _projection = services.GetService<ProjectionMetrics>();

    /// <summary>The application name of the bench's own connections, so that their backends are counted apart from the pipeline's.</summary>
    public const string ApplicationName = "customerstream-bench";

    public async Task<PipelineSnapshot> TakeAsync(CancellationToken cancellationToken)
    {
        var (pipeline, bench) = await BackendsAsync(cancellationToken);
        return new(
            Stopwatch.GetTimestamp(),
            _identity.GetStatus().Figures,
            _aggregator.GetStatus().Figures,
            _projection?.Stages ?? ProjectionStageTimes.Zero,
            ThreadCpu.OfThisProcess(),
            ThreadCpu.OfProcesses(pipeline),
            ThreadCpu.OfProcesses(bench),
            _projection?.LastBatchTimestamp ?? 0,
            _projection?.LostRecords ?? new Dictionary<string, long>());
    }

    private async Task<(List<int> Pipeline, List<int> Bench)> BackendsAsync(CancellationToken cancellationToken)
    {
        await using var command = marts.CreateCommand("SELECT pid, application_name = $1 FROM pg_stat_activity WHERE datname = current_database()");
        command.Parameters.Add(new NpgsqlParameter { Value = ApplicationName });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var (pipeline, bench) = (new List<int>(), new List<int>());
        while (await reader.ReadAsync(cancellationToken))
        {
            (reader.GetBoolean(1) ? bench : pipeline).Add(reader.GetInt32(0));
        }

        return (pipeline, bench);
    }
}
