namespace CustomerStream.Kafka.Embedded;

/// <summary>Body of a refused topic-admin request.</summary>
internal sealed record TopicAdminError(string Error);
