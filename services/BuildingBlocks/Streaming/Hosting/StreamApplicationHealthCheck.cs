using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerStream.Streaming.Hosting;

/// <summary>
/// Readiness of a stream application: healthy while it runs with every assigned task restored; degraded
/// while it starts, restores a task (<see cref="RestoreProgressMonitor"/>) or stops; unhealthy once it has
/// stopped or failed. As a liveness check (<c>liveness: true</c>) only a failed or crashed application is
/// unhealthy: starting and restoring take as long as they take.
/// </summary>
public sealed class StreamApplicationHealthCheck : IHealthCheck
{
    private readonly StreamApplication _application;
    private readonly RestoreProgressMonitor? _restores;
    private readonly bool _liveness;

    /// <summary>Checks one application.</summary>
    /// <param name="application">The application.</param>
    /// <param name="restores">Tells whether its tasks are restoring; without it, a running application counts as restored.</param>
    /// <param name="liveness">Check only that it has not failed.</param>
    public StreamApplicationHealthCheck(StreamApplication application, RestoreProgressMonitor? restores = null, bool liveness = false)
    {
        ArgumentNullException.ThrowIfNull(application);
        _application = application;
        _restores = restores;
        _liveness = liveness;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = _application.GetStatus();
        var restoring = status.State == StreamApplicationState.Running ? _restores?.RemainingRecords(_application.ApplicationId) ?? 0 : 0;
        var data = new Dictionary<string, object>
        {
            ["state"] = status.State.ToString(),
            ["tasks"] = string.Join(',', status.Tasks.Select(t => t.Partition)),
            ["processedRecords"] = status.ProcessedRecords,
            ["restoreRemaining"] = restoring,
        };
        if (!_liveness)
        {
            // Faults waited out or set aside, never fatal: what an operator (and `customerstream status`) looks at after a
            // broker or registry outage. Once per application: the liveness twin of this check leaves them out.
            data["clientErrors"] = status.Figures.ClientErrors;
            data["processingRetries"] = status.Figures.ProcessingRetries;
            data["deadLetters"] = status.Figures.DeadLetters;
            data["lostRecords"] = status.Figures.LostRecords;
        }

        var description = restoring > 0
            ? $"{_application.ApplicationId}: restoring, {restoring} changelog records to go"
            : $"{_application.ApplicationId}: {status.State}";
        if (_liveness)
        {
            return Task.FromResult(status.State is StreamApplicationState.Failed or StreamApplicationState.Crashed
                ? HealthCheckResult.Unhealthy(description, status.Error, data)
                : HealthCheckResult.Healthy(description, data));
        }

        return Task.FromResult(status.State switch
        {
            StreamApplicationState.Running when restoring > 0 => HealthCheckResult.Degraded(description, data: data),
            StreamApplicationState.Running => HealthCheckResult.Healthy(description, data),
            StreamApplicationState.Created or StreamApplicationState.Starting or StreamApplicationState.Stopping =>
                HealthCheckResult.Degraded(description, data: data),
            _ => HealthCheckResult.Unhealthy(description, status.Error, data),
        });
    }
}
