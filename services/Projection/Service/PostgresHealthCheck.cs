using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CustomerStream.Projection.Service;

/// <summary>
/// Ready when PostgreSQL answers and the marts are installed; tagged <c>ready</c>. Its data carry the projection's
/// faults waited out or set aside (database retries, dead letters, records lost to retention), for <c>status</c>.
/// </summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource, ProjectionMetrics? metrics = null, DatabaseOutage? outage = null) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var command = dataSource.CreateCommand("SELECT to_regclass('mart.customer_profile') IS NOT NULL");
            var installed = (bool)(await command.ExecuteScalarAsync(timeout.Token))!;
            return installed
                ? HealthCheckResult.Healthy("PostgreSQL answers; marts installed", Data())
                : HealthCheckResult.Unhealthy("PostgreSQL answers but the marts are not installed yet", data: Data());
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL unreachable: {e.Message}", e, Data());
        }
    }

    /// <summary>The same keys as a stream application's health data, so that one reader serves every stage.</summary>
    private Dictionary<string, object> Data() => new()
    {
        ["processingRetries"] = outage?.Retries ?? 0,
        ["deadLetters"] = metrics?.DeadLetters ?? 0,
        ["lostRecords"] = metrics?.LostRecords.Values.Sum() ?? 0,
    };
}
