using CustomerStream.Streaming.Runtime;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerStream.Streaming.Hosting;

/// <summary>Healthy while the application runs; degraded while it starts or stops; unhealthy once it has stopped or failed.</summary>
public sealed class StreamApplicationHealthCheck : IHealthCheck
{
    private readonly StreamApplication _application;

    /// <summary>Checks one application.</summary>
    public StreamApplicationHealthCheck(StreamApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        _application = application;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = _application.GetStatus();
        var data = new Dictionary<string, object>
        {
            ["state"] = status.State.ToString(),
            ["tasks"] = string.Join(',', status.Tasks.Select(t => t.Partition)),
            ["processedRecords"] = status.ProcessedRecords,
        };
        var description = $"{_application.ApplicationId}: {status.State}";
        return Task.FromResult(status.State switch
        {
            StreamApplicationState.Running => HealthCheckResult.Healthy(description, data),
            StreamApplicationState.Created or StreamApplicationState.Starting or StreamApplicationState.Stopping =>
                HealthCheckResult.Degraded(description, data: data),
            _ => HealthCheckResult.Unhealthy(description, status.Error, data),
        });
    }
}
