using CustomerStream.Projection.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Projection.Service;

/// <summary>
/// Runs the global refresh (<see cref="MartRefresher"/>) every <see cref="ProjectionOptions.GlobalRefreshSeconds"/>
/// while the projection has applied something since the last one, so the RFM quintiles, cohort retention and
/// the folded customer counts stay at most that stale. A failed refresh (PostgreSQL away, schema not migrated
/// yet) is logged and tried again at the next tick; it never stops the projection.
/// </summary>
public sealed partial class GlobalRefreshService(
    MartRefresher refresher, ProjectionMetrics metrics, IOptions<ProjectionOptions> options, ILogger<GlobalRefreshService> logger, TimeProvider? time = null)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.GlobalRefreshSeconds);
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time ?? TimeProvider.System);
        long refreshedAt = -1;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var records = metrics.RecordsConsumed;
                if (records == refreshedAt || records == 0)
                {
                    continue;
                }

                try
                {
                    var refresh = await refresher.RefreshAsync(stoppingToken);
                    refreshedAt = records;
                    LogRefreshed(logger, refresh.RankedCustomers, refresh.Elapsed.TotalMilliseconds);
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
                {
                    LogFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Global refresh: {Ranked} customers ranked in {Milliseconds:F0} ms")]
    private static partial void LogRefreshed(ILogger logger, long ranked, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Global refresh failed ({Reason}); trying again at the next tick")]
    private static partial void LogFailed(ILogger logger, string reason);
}
