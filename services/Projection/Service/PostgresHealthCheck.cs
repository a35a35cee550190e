using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CustomerStream.Projection.Service;

/// <summary>Ready when PostgreSQL answers and the marts are installed; tagged <c>ready</c>.</summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
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
                ? HealthCheckResult.Healthy("PostgreSQL answers; marts installed")
                : HealthCheckResult.Unhealthy("PostgreSQL answers but the marts are not installed yet");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL unreachable: {e.Message}", e);
        }
    }
}
