namespace CustomerStream.SchemaRegistry.Serdes;

/// <summary>Subject names by <see cref="SubjectNameStrategy"/>.</summary>
public static class SubjectNames
{
    /// <summary>The subject for a topic's values, e.g. <c>ingest.orders.v1-value</c>.</summary>
    public static string ForValue(string topic) => $"{topic}-value";

    /// <summary>The subject for a topic's keys, e.g. <c>ingest.orders.v1-key</c>.</summary>
    public static string ForKey(string topic) => $"{topic}-key";

    /// <summary>The subject <paramref name="strategy"/> gives for a record of <paramref name="recordFullName"/> on <paramref name="topic"/>.</summary>
    public static string For(SubjectNameStrategy strategy, string topic, bool isKey, string recordFullName) => strategy switch
    {
        SubjectNameStrategy.Topic => isKey ? ForKey(topic) : ForValue(topic),
        SubjectNameStrategy.Record => recordFullName,
        SubjectNameStrategy.TopicRecord => $"{topic}-{recordFullName}",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
    };
}
