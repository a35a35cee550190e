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

    public async Task<PipelineSnapshot> TakeAsync(CancellationToken cancellationToken) => new(
        Stopwatch.GetTimestamp(),
        _identity.GetStatus().Figures,
        _aggregator.GetStatus().Figures,
        _projection?.Stages ?? ProjectionStageTimes.Zero,
        ThreadCpu.OfThisProcess(),
        ThreadCpu.OfProcesses(await BackendsAsync(cancellationToken)),
        _projection?.LastBatchTimestamp ?? 0,
        _projection?.LostRecords ?? new Dictionary<string, long>());

    private async Task<List<int>> BackendsAsync(CancellationToken cancellationToken)
    {
        await using var command = marts.CreateCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database()");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pids = new List<int>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }
}
