using System.Text.RegularExpressions;

namespace CustomerStream.Kafka.Topics;

/// <summary>A topic that must exist: its name, its partition count and optional topic configuration.</summary>
public sealed partial record TopicSpec
{
    /// <summary>Describes a topic.</summary>
    /// <param name="name">Kafka topic name: letters, digits, '.', '_' and '-', at most 249 characters.</param>
    /// <param name="partitions">Partition count, or <c>null</c> for <see cref="KafkaOptions.DefaultPartitions"/>.</param>
    /// <param name="config">
    /// Topic configuration (e.g. <c>cleanup.policy=compact</c> for a changelog). Applied when the Admin API
    /// creates the topic; the embedded cluster keeps everything in memory and ignores it.
    /// </param>
    public TopicSpec(string name, int? partitions = null, IReadOnlyDictionary<string, string>? config = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > 249 || !LegalName().IsMatch(name) || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a legal Kafka topic name.", nameof(name));
        }

        if (partitions is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(partitions), partitions, "A topic needs at least one partition.");
        }

        Name = name;
        Partitions = partitions;
        Config = config ?? new Dictionary<string, string>();
    }

    /// <summary>The topic name.</summary>
    public string Name { get; }

    /// <summary>The partition count, or <c>null</c> for the configured default.</summary>
    public int? Partitions { get; }

    /// <summary>Topic configuration entries.</summary>
    public IReadOnlyDictionary<string, string> Config { get; }

    [GeneratedRegex("^[a-zA-Z0-9._-]+$")]
    private static partial Regex LegalName();
}
