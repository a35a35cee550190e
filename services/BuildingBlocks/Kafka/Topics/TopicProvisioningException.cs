namespace CustomerStream.Kafka.Topics;

/// <summary>Topics could not be provisioned as asked; the message says which and what to do.</summary>
public sealed class TopicProvisioningException : Exception
{
    /// <summary>Creates the exception with a message that names the topics and what to do.</summary>
    public TopicProvisioningException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the client error behind it.</summary>
    public TopicProvisioningException(string message, Exception inner) : base(message, inner) { }
}
