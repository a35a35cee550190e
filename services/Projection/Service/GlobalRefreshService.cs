using CustomerStream.Projection.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Projection.Service;

/// <summary>
/// Runs the global refresh (<see cref="MartRefresher"/>) every <see cref="ProjectionOptions.GlobalRefreshSeconds"/>
/// while the projection has applied something since the last one, and once after midnight (UTC) when recency is
/// measured to today, so the RFM scores, cohort retention and the folded customer counts stay at most that stale. A failed refresh (PostgreSQL away, schema not migrated
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

        var clock = time ?? TimeProvider.System;
        using var timer = new PeriodicTimer(interval, clock);
        long refreshedAt = -1;
        var refreshedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var records = metrics.RecordsConsumed;
                var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
                var newDay = options.Value.AsOfDate is null && today != refreshedOn;
                if ((records == refreshedAt || records == 0) && !newDay)
                {
                    continue;
                }

                try
                {
                    var refresh = await refresher.RefreshAsync(stoppingToken);
                    (refreshedAt, refreshedOn) = (records, today);
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
