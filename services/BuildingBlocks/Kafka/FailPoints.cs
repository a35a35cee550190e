namespace CustomerStream.Kafka;

/// <summary>
/// Named places in the services where a process-kill test wants to stop one at a precise moment (between a database
/// commit and an offset commit, in the middle of a restore). Inert unless the process was started with
/// <c>CUSTOMERSTREAM_FAILPOINTS</c> naming some of them (comma-separated): a named place then says so on standard
/// error and blocks its thread for good, waiting for the test to kill the process. Nothing else reads it.
/// </summary>
public static class FailPoints
{
    /// <summary>The environment variable that arms fail points.</summary>
    public const string EnvironmentVariable = "CUSTOMERSTREAM_FAILPOINTS";

    /// <summary>After the projection committed a batch to PostgreSQL, before it commits the batch's Kafka offsets.</summary>
    public const string ProjectionAfterDatabaseCommit = "projection.after-database-commit";

    /// <summary>A stream task's fence is written and its restore about to replay the changelog (suffix: the application id).</summary>
    public const string RestorePrefix = "restore.";

    private static readonly HashSet<string> Armed = new(
        (Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        StringComparer.Ordinal);

    /// <summary>Blocks the calling thread for good when <paramref name="name"/> is armed; returns at once otherwise.</summary>
    public static void Reach(string name)
    {
        if (Armed.Count == 0 || !Armed.Contains(name))
        {
            return;
        }

        Console.Error.WriteLine($"failpoint {name} reached: waiting to be killed");
        Console.Error.Flush();
        Thread.Sleep(Timeout.Infinite);
    }
}
