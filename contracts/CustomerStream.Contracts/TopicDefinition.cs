namespace CustomerStream.Contracts;

/// <summary>One topic of the product.</summary>
/// <param name="Name">Topic name, <c>&lt;area&gt;.&lt;entity&gt;.v&lt;major&gt;</c>.</param>
/// <param name="IsPublic">Part of the public contract (other teams consume it).</param>
/// <param name="Partitions">Fixed partition count, or null for the configured default.</param>
/// <param name="ValueType">Contract type of the values (Avro, subject <c>&lt;topic&gt;-value</c>), or null when the topic carries other topics' records as they are.</param>
/// <param name="Description">One line for docs and <c>status</c>.</param>
public sealed record TopicDefinition(string Name, bool IsPublic, int? Partitions, Type? ValueType, string Description);
