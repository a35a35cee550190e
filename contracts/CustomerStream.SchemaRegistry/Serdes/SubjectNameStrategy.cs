namespace CustomerStream.SchemaRegistry.Serdes;

/// <summary>How a serializer names the subject a schema is registered under (Confluent's strategies).</summary>
public enum SubjectNameStrategy
{
    /// <summary><c>&lt;topic&gt;-value</c> / <c>&lt;topic&gt;-key</c>: one schema lineage per topic (the default).</summary>
    Topic,

    /// <summary>The record's full name: one lineage per record type, whatever the topic.</summary>
    Record,

    /// <summary><c>&lt;topic&gt;-&lt;record full name&gt;</c>: several record types per topic.</summary>
    TopicRecord,
}
