using System.Collections.Concurrent;

namespace CustomerStream.Bridge.Service;

/// <summary>What the bridge is waiting for right now (RabbitMQ, the Schema Registry) and whether it stopped on an error, for its health check.</summary>
public sealed class BridgeStatus
{
    public const string RabbitMq = "RabbitMQ";
    public const string Registry = "Schema Registry";

    private readonly ConcurrentDictionary<string, string> _failing = new(StringComparer.Ordinal);
    private volatile string? _stoppedBy;

    /// <summary>Dependencies failing now, with their last error.</summary>
    public IReadOnlyDictionary<string, string> Problems => _failing;

    /// <summary>The error that stopped the bridge, or null while it runs.</summary>
    public string? StoppedBy => _stoppedBy;

    public void Fail(string dependency, string error) => _failing[dependency] = error;

    public void Recovered(string dependency) => _failing.TryRemove(dependency, out _);

    public void Stopped(string error) => _stoppedBy = error;
}
