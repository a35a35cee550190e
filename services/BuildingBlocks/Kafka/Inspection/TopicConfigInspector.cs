using Confluent.Kafka;
using Confluent.Kafka.Admin;
using CustomerStream.Kafka.Topics;

namespace CustomerStream.Kafka.Inspection;

/// <summary>
/// Compares the configuration of existing topics with what their <see cref="TopicSpec"/>s ask for, through
/// the Admin API's DescribeConfigs (real Kafka; the embedded cluster keeps no topic configuration).
/// </summary>
public static class TopicConfigInspector
{
    /// <summary>
    /// The entries of <paramref name="topics"/> that existing topics have otherwise. Topics that do not exist
    /// and specs without configuration are skipped.
    /// </summary>
    /// <exception cref="KafkaException">The cluster did not answer, or does not offer DescribeConfigs.</exception>
    public static async Task<IReadOnlyList<TopicConfigDifference>> CompareAsync(
        IAdminClient admin, IEnumerable<TopicSpec> topics, ISet<string> existing, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(admin);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(existing);
        var wanted = topics.Where(t => t.Config.Count > 0 && existing.Contains(t.Name))
            .GroupBy(t => t.Name, StringComparer.Ordinal).Select(g => g.First()).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var results = await admin.DescribeConfigsAsync(
            wanted.Select(t => new ConfigResource { Type = ResourceType.Topic, Name = t.Name }),
            new DescribeConfigsOptions { RequestTimeout = timeout }).ConfigureAwait(false);
        var byName = results.ToDictionary(r => r.ConfigResource.Name, StringComparer.Ordinal);
        var differences = new List<TopicConfigDifference>();
        foreach (var topic in wanted)
        {
            var actual = byName.TryGetValue(topic.Name, out var result)
                ? result.Entries.ToDictionary(e => e.Key, e => (string?)e.Value.Value, StringComparer.Ordinal)
                : new Dictionary<string, string?>();
            differences.AddRange(TopicConfigDifference.Compare(topic.Name, topic.Config, actual));
        }

        return differences;
    }
}
