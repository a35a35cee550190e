namespace CustomerStream.Samples.Subscriber.Customers;

/// <summary>What a subscriber keeps per key to apply the version rule: the last message it applied, with its version.</summary>
public sealed record VersionedEntry<T>(long Version, T Message);
