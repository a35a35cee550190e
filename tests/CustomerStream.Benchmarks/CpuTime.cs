using System.Diagnostics;
using System.Globalization;

namespace CustomerStream.Benchmarks;

/// <summary>
/// CPU time rather than wall time, because the machine the benchmarks run on is shared: the process's
/// total, the calling thread's, and the process's threads grouped by what they do (Linux <c>/proc</c>;
/// elsewhere the thread figures are zero). Resolution: one clock tick (10 ms) per thread.
/// </summary>
public static class CpuTime
{
    private static readonly double SecondsPerTick = 1.0 / 100;

    /// <summary>CPU time of the whole process (every thread, living or exited).</summary>
    public static TimeSpan Process()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>CPU time of the calling thread (user + system).</summary>
    public static TimeSpan CurrentThread() =>
        TimeSpan.FromSeconds(Ticks(ReadOrNull("/proc/thread-self/stat")) * SecondsPerTick);

    /// <summary>CPU seconds of the living threads of the process, by group (see <see cref="Group"/>).</summary>
    public static Dictionary<string, double> ByThreadGroup()
    {
        var groups = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!Directory.Exists("/proc/self/task"))
        {
            return groups;
        }

        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            var stat = ReadOrNull(Path.Combine(task, "stat"));
            if (stat is null)
            {
                continue;
            }

            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var name = open >= 0 && close > open ? stat[(open + 1)..close] : "?";
            var group = Group(name);
            groups[group] = groups.GetValueOrDefault(group) + (Ticks(stat) * SecondsPerTick);
        }

        return groups;
    }

    /// <summary>The difference of two <see cref="ByThreadGroup"/> snapshots, largest first, with the process total.</summary>
    public static string Describe(Dictionary<string, double> before, Dictionary<string, double> after, TimeSpan processCpu)
    {
        var parts = after
            .Select(kv => (kv.Key, Seconds: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(p => p.Seconds >= 0.01)
            .OrderByDescending(p => p.Seconds)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Seconds:F2} s"));
        return string.Create(CultureInfo.InvariantCulture, $"process {processCpu.TotalSeconds:F2} s CPU: ") + string.Join(", ", parts);
    }

    /// <summary>Thread names as the runtime and librdkafka set them, folded into what they do.</summary>
    private static string Group(string name) => name switch
    {
        _ when name.StartsWith(".NET TP Worker", StringComparison.Ordinal) => "thread pool",
        _ when name.StartsWith(".NET BGC", StringComparison.Ordinal) || name.StartsWith(".NET Server GC", StringComparison.Ordinal) => "background GC",
        _ when name.StartsWith(".NET Tiered", StringComparison.Ordinal) => "JIT tiering",
        _ when name.StartsWith("rdk:", StringComparison.Ordinal) => "librdkafka",
        _ when name.StartsWith(".NET", StringComparison.Ordinal) => "other .NET",
        _ => "other",
    };

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>utime + stime (fields 14 and 15 of <c>stat</c>, counted after the parenthesized name).</summary>
    private static long Ticks(string? stat)
    {
        if (stat is null)
        {
            return 0;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
