namespace CustomerStream.Kafka.Topics;

/// <summary>Topics could not be provisioned as asked; the message says which and what to do.</summary>
public sealed class TopicProvisioningException : Exception
{
    public TopicProvisioningException(string message) : base(message) { }

    public TopicProvisioningException(string message, Exception inner) : base(message, inner) { }
}
