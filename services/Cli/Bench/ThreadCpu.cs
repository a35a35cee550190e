using System.Globalization;

namespace CustomerStream.Cli.Bench;

/// <summary>
/// CPU time from /proc (Linux): this process by kind of thread, and the PostgreSQL backends serving given
/// connections. Other systems report nothing (zeros).
/// </summary>
internal static class ThreadCpu
{
    /// <summary>The kinds of threads the embedded stack runs, by the name the OS knows them by.</summary>
    public static readonly IReadOnlyList<(string Kind, string Description)> Kinds =
    [
        ("stream", "stream threads (identity, aggregator: processing, serdes, state)"),
        ("kafka", "Kafka clients and the embedded brokers (librdkafka threads)"),
        ("gc", "garbage collector"),
        ("jit", "JIT compiler (tiered compilation)"),
        ("rocksdb", "RocksDB background flushes and compactions"),
        ("other", "other threads (thread pool: ingest, projection client, HTTP, bench)"),
    ];

    // Linux reports utime/stime in clock ticks of USER_HZ, 100 per second on every mainstream architecture.
    private const double TicksPerSecond = 100;

    /// <summary>CPU seconds of this process so far, per kind of thread; "other" includes threads that have exited.</summary>
    public static IReadOnlyDictionary<string, double> OfThisProcess()
    {
        var byKind = Kinds.ToDictionary(k => k.Kind, _ => 0.0, StringComparer.Ordinal);
        if (!OperatingSystem.IsLinux())
        {
            return byKind;
        }

        double known = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (Read(Path.Combine(task, "stat")) is not { } stat || Kind(stat.Name) is not { } kind)
            {
                continue;
            }

            byKind[kind] += stat.Seconds;
            known += stat.Seconds;
        }

        var total = Read("/proc/self/stat")?.Seconds ?? known;
        byKind["other"] = Math.Max(0, total - known);
        return byKind;
    }

    /// <summary>CPU seconds of the given PostgreSQL backend processes (those still alive).</summary>
    public static double OfProcesses(IEnumerable<int> pids) =>
        OperatingSystem.IsLinux() ? pids.Sum(pid => Read($"/proc/{pid}/stat")?.Seconds ?? 0) : 0;

    private static string? Kind(string name) =>
        name.StartsWith("stream:", StringComparison.Ordinal) ? "stream"
        : name.StartsWith("rdk:", StringComparison.Ordinal) ? "kafka"
        : name is ".NET BGC" or ".NET Server GC" or ".NET GC" ? "gc"
        : name.StartsWith(".NET Tiered Com", StringComparison.Ordinal) ? "jit"
        : name.StartsWith("rocksdb:", StringComparison.Ordinal) ? "rocksdb"
        : null;

    private static (string Name, double Seconds)? Read(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            var open = text.IndexOf('(', StringComparison.Ordinal);
            var close = text.LastIndexOf(')');
            var fields = text[(close + 2)..].Split(' ');

            // Fields after the name: state is 0, utime 11, stime 12.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (text[(open + 1)..close], ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // The thread or process ended while being read.
            return null;
        }
    }
}
