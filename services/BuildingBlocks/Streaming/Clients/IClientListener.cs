using Confluent.Kafka;

namespace CustomerStream.Streaming.Clients;

/// <summary>What the runtime wants to hear from any of its clients.</summary>
public interface IClientListener
{
    /// <summary>An error the client reported (most are transient and retried by the client itself).</summary>
    void OnError(Error error);

    /// <summary>A librdkafka log line.</summary>
    void OnLog(LogMessage message);
}
