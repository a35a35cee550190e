namespace CustomerStream.Kafka.Topics;

/// <summary>One configuration entry of an existing topic that is not what the product asks for.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Key">The topic configuration key, e.g. <c>retention.ms</c>.</param>
/// <param name="Actual">What the cluster has (its effective value, default or not).</param>
/// <param name="Required">What the product's topic catalog (or the streaming runtime, for changelogs) asks for.</param>
public sealed record TopicConfigDifference(string Topic, string Key, string? Actual, string Required)
{
    /// <summary>One line for logs and <c>status</c>.</summary>
    public override string ToString() => $"'{Topic}' has {Key}={Actual ?? "(unset)"}, {Required} is required";

    /// <summary>
    /// Compares the entries <paramref name="required"/> asks for with the effective configuration
    /// <paramref name="actual"/> of <paramref name="topic"/>. Entries that are not asked for are not compared:
    /// operators may tune the rest.
    /// </summary>
    public static IReadOnlyList<TopicConfigDifference> Compare(
        string topic, IReadOnlyDictionary<string, string> required, IReadOnlyDictionary<string, string?> actual)
    {
        ArgumentNullException.ThrowIfNull(required);
        ArgumentNullException.ThrowIfNull(actual);
        var differences = new List<TopicConfigDifference>();
        foreach (var (key, value) in required.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var has = actual.GetValueOrDefault(key);
            if (!Same(key, value, has))
            {
                differences.Add(new TopicConfigDifference(topic, key, has, value));
            }
        }

        return differences;
    }

    // cleanup.policy is a list ("compact,delete"): compare it as a set.
    private static bool Same(string key, string required, string? actual) =>
        actual is not null && (key == "cleanup.policy"
            ? Policies(required).SetEquals(Policies(actual))
            : string.Equals(required.Trim(), actual.Trim(), StringComparison.Ordinal));

    private static HashSet<string> Policies(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
