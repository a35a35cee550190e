using System.Globalization;

namespace CustomerStream.Contracts;

/// <summary>One topic of the product.</summary>
/// <param name="Name">Topic name, <c>&lt;area&gt;.&lt;entity&gt;.v&lt;major&gt;</c>.</param>
/// <param name="IsPublic">Part of the public contract (other teams consume it).</param>
/// <param name="Partitions">Fixed partition count, or null for the configured default.</param>
/// <param name="ValueType">Contract type of the values (Avro, subject <c>&lt;topic&gt;-value</c>), or null when the topic carries other topics' records as they are.</param>
/// <param name="Description">One line for docs and <c>status</c>.</param>
/// <param name="Retention">How long records stay (see <see cref="KafkaConfig"/>).</param>
public sealed record TopicDefinition(string Name, bool IsPublic, int? Partitions, Type? ValueType, string Description, TopicRetention Retention)
{
    /// <summary>
    /// The Kafka topic configuration of this topic, the one place it is defined: applied when a provisioner
    /// creates the topic and compared with an existing topic's by <c>customerstream status</c>.
    /// </summary>
    /// <param name="streamRetentionMs">Retention of <see cref="TopicRetention.Stream"/> topics (<c>Kafka:StreamRetentionMs</c>); -1 keeps them forever.</param>
    public IReadOnlyDictionary<string, string> KafkaConfig(long streamRetentionMs)
    {
        if (streamRetentionMs is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(streamRetentionMs), streamRetentionMs, "A retention is -1 (forever) or a positive number of milliseconds.");
        }

        return Retention switch
        {
            TopicRetention.Replayed or TopicRetention.Kept => new Dictionary<string, string>
            {
                ["cleanup.policy"] = "delete",
                ["retention.ms"] = "-1",
                ["retention.bytes"] = "-1",
            },
            TopicRetention.Compacted => new Dictionary<string, string>
            {
                ["cleanup.policy"] = "compact",
            },
            _ => new Dictionary<string, string>
            {
                ["cleanup.policy"] = "delete",
                ["retention.ms"] = streamRetentionMs.ToString(CultureInfo.InvariantCulture),
            },
        };
    }
}
