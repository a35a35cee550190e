using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CustomerStream.Kafka.Health;

/// <summary>Ready when the cluster answers a metadata request; tagged <c>ready</c>, so liveness never depends on Kafka.</summary>
public sealed class KafkaHealthCheck : IHealthCheck, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly Lazy<IAdminClient> _admin;

    /// <summary>Creates the check; its admin client connects on the first check.</summary>
    public KafkaHealthCheck(KafkaClientFactory clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _admin = new Lazy<IAdminClient>(() => clients.CreateAdminClient("health"));
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.Run(
            () =>
            {
                try
                {
                    var metadata = _admin.Value.GetMetadata(Timeout);
                    return metadata.Brokers.Count > 0
                        ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} brokers")
                        : HealthCheckResult.Unhealthy("Kafka answered without brokers");
                }
                catch (KafkaException e)
                {
                    return HealthCheckResult.Unhealthy($"Kafka unreachable: {e.Error.Reason}", e);
                }
            },
            cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
