namespace CustomerStream.Kafka.Embedded;

/// <summary>The embedded cluster could not start or could not carry out a call.</summary>
public sealed class EmbeddedKafkaException : Exception
{
    public EmbeddedKafkaException(string message) : base(message) { }

    public EmbeddedKafkaException(string message, Exception inner) : base(message, inner) { }
}
