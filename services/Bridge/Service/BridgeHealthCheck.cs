using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerStream.Bridge.Service;

/// <summary>
/// Ready while the bridge runs and its dependencies answer; degraded while it waits for RabbitMQ or the Schema
/// Registry (it keeps trying and loses nothing); unhealthy once it stopped on an error.
/// </summary>
public sealed class BridgeHealthCheck(BridgeStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (status.StoppedBy is { } error)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The bridge stopped: {error}"));
        }

        var failing = status.Problems;
        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy("Publishing")
            : HealthCheckResult.Degraded("Waiting for " + string.Join("; ", failing.Select(f => $"{f.Key} ({f.Value})"))));
    }
}
