using MassTransit;

namespace CustomerStream.Messages;

/// <summary>
/// A person was forgotten (from Kafka topic <c>customer.erased.v1</c>): delete everything you hold under
/// <see cref="CustomerId"/> and under every ID of <see cref="ErasedIds"/>. No personal data. Delivery is at least
/// once: drop a message whose <see cref="EventId"/> you have seen.
/// </summary>
[MessageUrn(MessageNames.CustomerErased)]
[EntityName(MessageNames.CustomerErased)]
public sealed record CustomerErased
{
    /// <summary>Unique per erasure.</summary>
    public required string EventId { get; init; }

    /// <summary>The Customer360 ID the person had when erased.</summary>
    public required string CustomerId { get; init; }

    /// <summary>The erasure request this answers.</summary>
    public required string ErasureId { get; init; }

    /// <summary>The identity service's sequence number: above every event about this customer before it.</summary>
    public required long Version { get; init; }

    /// <summary>When identity applied the erasure (UTC).</summary>
    public required DateTimeOffset ErasedAt { get; init; }

    /// <summary>Every Customer360 ID that could name the person (its aliases and anonymous profiles included).</summary>
    public required IReadOnlyList<string> ErasedIds { get; init; }
}
