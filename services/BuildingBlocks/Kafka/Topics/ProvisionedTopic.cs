namespace CustomerStream.Kafka.Topics;

/// <summary>A topic that exists after provisioning.</summary>
/// <param name="Name">The topic name.</param>
/// <param name="Partitions">Its partition count.</param>
/// <param name="Created"><c>true</c> when this call created it, <c>false</c> when it already existed.</param>
public sealed record ProvisionedTopic(string Name, int Partitions, bool Created);
