using System.Text;
using Npgsql;

namespace CustomerStream.Projection.Writing;

/// <summary>
/// Transaction-scoped advisory locks (per database). Live batches hold the rebuild lock shared, so a
/// rebuild (exclusive) waits for running batches and holds new ones back until it commits.
/// </summary>
internal static class ProjectionLocks
{
    private const int RebuildClass = 0x43530001;
    private const int PartitionClassBase = 0x43540000;

    /// <summary>Takes the rebuild lock shared (live batches).</summary>
    public static readonly string RebuildSharedSql = $"SELECT pg_advisory_xact_lock_shared({RebuildClass}, 0)";

    public static Task RebuildExclusiveAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({RebuildClass}, 0)", cancellationToken);

    /// <summary>The statement that locks the partitions in a fixed order, so two writers never wait on each other in a cycle; null when there are none.</summary>
    public static string? PartitionsSql(IEnumerable<SourcePartition> partitions)
    {
        var keys = partitions.Select(p => (Class: PartitionClassBase + (TopicHash(p.Topic) & 0xFFFF), p.Partition)).Distinct().Order().ToList();
        if (keys.Count == 0)
        {
            return null;
        }

        var sql = new StringBuilder("SELECT ");
        sql.AppendJoin(", ", keys.Select(k => $"pg_advisory_xact_lock({k.Class}, {k.Partition})"));
        return sql.ToString();
    }

    // FNV-1a: stable across processes (string.GetHashCode is randomized per process).
    private static int TopicHash(string topic)
    {
        var hash = 2166136261u;
        foreach (var c in topic)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
