using MassTransit;

namespace CustomerStream.Messages;

/// <summary>
/// A customer's profile changed (from Kafka topic <c>customer.profile-changed.v1</c>). Delivery is at least
/// once and not in order: keep, per <see cref="CustomerId"/>, the highest <see cref="Version"/> you applied and
/// drop a message whose version is not above it.
/// </summary>
[MessageUrn(MessageNames.CustomerProfileChanged)]
[EntityName(MessageNames.CustomerProfileChanged)]
public sealed record CustomerProfileChanged
{
    /// <summary><c>&lt;customer_id&gt;:&lt;version&gt;</c>; also what the message id is derived from.</summary>
    public required string EventId { get; init; }

    /// <summary>The Customer360 ID.</summary>
    public required string CustomerId { get; init; }

    /// <summary>Increases with every change of this customer.</summary>
    public required long Version { get; init; }

    /// <summary>When the change was made (UTC).</summary>
    public required DateTimeOffset ChangedAt { get; init; }

    /// <summary>Names of the profile fields whose value changed (all of them on a customer's first message), as in the Avro schema (<c>lifetime_value</c>).</summary>
    public IReadOnlyList<string> ChangedFields { get; init; } = [];

    /// <summary>The whole current profile.</summary>
    public required CustomerProfile Profile { get; init; }
}
