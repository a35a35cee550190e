using MassTransit;

namespace CustomerStream.Messages;

/// <summary>
/// Two customers turned out to be one (from Kafka topic <c>customer.merged.v1</c>): <see cref="MergedId"/> is
/// now an alias of <see cref="SurvivorId"/> and keeps resolving to it. Delivery is at least once and not in
/// order: keep, per <see cref="MergedId"/>, the highest <see cref="Version"/> you applied and drop a message
/// whose version is not above it.
/// </summary>
[MessageUrn(MessageNames.CustomerMerged)]
[EntityName(MessageNames.CustomerMerged)]
public sealed record CustomerMerged
{
    /// <summary>Unique per merge.</summary>
    public required string EventId { get; init; }

    /// <summary>The Customer360 ID that lives on (acquired earliest; ties: the smaller ID).</summary>
    public required string SurvivorId { get; init; }

    /// <summary>The Customer360 ID that became an alias of <see cref="SurvivorId"/>.</summary>
    public required string MergedId { get; init; }

    /// <summary>The identity service's sequence number: increases with every identity change.</summary>
    public required long Version { get; init; }

    /// <summary>When the merge was decided (UTC).</summary>
    public required DateTimeOffset MergedAt { get; init; }

    /// <summary>Why, e.g. <c>shared identifier email:ann@example.com</c>.</summary>
    public required string Reason { get; init; }

    public string? LinkingIdentifier { get; init; }

    public DateTimeOffset? SurvivorAcquisitionTs { get; init; }

    public DateTimeOffset? MergedAcquisitionTs { get; init; }
}
