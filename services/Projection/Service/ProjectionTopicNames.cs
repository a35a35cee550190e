using CustomerStream.Contracts;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Kafka.Faults;

namespace CustomerStream.Projection.Service;

/// <summary>The topics the projection consumes (and a rebuild replays), with the contract each carries.</summary>
public sealed record ProjectionTopicNames(string Changes, string Links, string Merges, string Rejections)
{
    /// <summary>The names of the topic catalog (<see cref="Topics"/>).</summary>
    public static ProjectionTopicNames Catalog { get; } = new(Topics.AggregateChanges, Topics.IdentityLinks, Topics.CustomerMerged, Topics.IngestRejected);

    /// <summary>Where records the projection cannot decode go (<see cref="DeadLetterPublisher"/>); not an input.</summary>
    public string DeadLetters { get; init; } = Topics.ProjectionDeadLetters;

    public IReadOnlyList<string> All => [Changes, Links, Merges, Rejections];

    /// <summary>The contract type of a topic's values.</summary>
    public Type ContractOf(string topic) =>
        topic == Changes ? typeof(CustomerChange)
        : topic == Links ? typeof(IdentityLink)
        : topic == Merges ? typeof(CustomerMerged)
        : topic == Rejections ? typeof(RejectedRecord)
        : throw new ArgumentException($"The projection does not consume topic '{topic}'", nameof(topic));
}
