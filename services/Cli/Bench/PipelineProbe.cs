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

    /// <summary>
    /// Waits until identity and aggregator run with their tasks and the projection holds partitions: a consumer
    /// group's first assignment takes seconds (a new group waits 3 s for more members), which a pipeline that is
    /// already running when data arrives never pays. Returns how long it took.
    /// </summary>
    /// <exception cref="TimeoutException">A stage had no partitions after <paramref name="timeout"/>.</exception>
    public async Task<TimeSpan> WaitUntilAssignedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var waitingFor = new List<string>();
            if (!HasTasks(_identity))
            {
                waitingFor.Add("identity");
            }

            if (!HasTasks(_aggregator))
            {
                waitingFor.Add("aggregator");
            }

            if (_projection is { AssignedPartitions: 0 })
            {
                waitingFor.Add("projection");
            }

            var waited = Stopwatch.GetElapsedTime(started);
            if (waitingFor.Count == 0)
            {
                return waited;
            }

            if (waited > timeout)
            {
                throw new TimeoutException($"{string.Join(", ", waitingFor)} had no partitions assigned after {timeout.TotalSeconds:N0} s");
            }

            await Task.Delay(20, cancellationToken);
        }

        static bool HasTasks(StreamApplication application)
        {
            var status = application.GetStatus();
            return status.State == StreamApplicationState.Running && status.Tasks.Count > 0;
        }
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
