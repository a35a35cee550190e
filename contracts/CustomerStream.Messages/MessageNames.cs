namespace CustomerStream.Messages;

/// <summary>
/// Where the messages are published on RabbitMQ: one fanout exchange per message type, named like the Kafka topic
/// it comes from, so a subscriber in any language can bind a queue to it. The names are part of the contract:
/// renaming a type or namespace in this package does not move its exchange.
/// </summary>
public static class MessageNames
{
    /// <summary>Exchange (and message URN suffix) of <see cref="CustomerProfileChanged"/>.</summary>
    public const string CustomerProfileChanged = "customer.profile-changed.v1";

    /// <summary>Exchange (and message URN suffix) of <see cref="CustomerMerged"/>.</summary>
    public const string CustomerMerged = "customer.merged.v1";

    /// <summary>Exchange (and message URN suffix) of <see cref="CustomerErased"/>.</summary>
    public const string CustomerErased = "customer.erased.v1";
}
