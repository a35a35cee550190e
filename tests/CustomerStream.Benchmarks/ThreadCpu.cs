using System.Diagnostics;
using System.Globalization;

namespace CustomerStream.Benchmarks;

/// <summary>
/// CPU time of this process, whole and per thread group (by thread name, from <c>/proc/self/task/*/stat</c>), so a
/// benchmark can say where its CPU went on a busy machine where wall time says little. Threads that ended between
/// two snapshots are missing from the groups but not from <see cref="Total"/> (the kernel keeps their time).
/// </summary>
internal sealed class ThreadCpu
{
    private static readonly double TickSeconds = 1.0 / 100; // USER_HZ is 100 on Linux

    private ThreadCpu(TimeSpan total, Dictionary<string, double> byGroup, long allocated, int gen0, int gen1, int gen2)
    {
        Total = total;
        ByGroup = byGroup;
        Allocated = allocated;
        Gen0 = gen0;
        Gen1 = gen1;
        Gen2 = gen2;
    }

    public TimeSpan Total { get; }

    /// <summary>CPU seconds per thread group (".NET TP Worker", "rdk:broker", …).</summary>
    public IReadOnlyDictionary<string, double> ByGroup { get; }

    public long Allocated { get; }

    public int Gen0 { get; }

    public int Gen1 { get; }

    public int Gen2 { get; }

    public static ThreadCpu Now()
    {
        using var process = Process.GetCurrentProcess();
        var groups = new Dictionary<string, double>(StringComparer.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                string stat;
                try
                {
                    stat = File.ReadAllText(Path.Combine(task, "stat"));
                }
                catch (IOException)
                {
                    continue; // the thread ended meanwhile
                }

                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var name = Group(stat[(open + 1)..close]);
                var fields = stat[(close + 2)..].Split(' ');
                // Fields after the name start at field 3 (state); utime and stime are fields 14 and 15.
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                groups[name] = groups.GetValueOrDefault(name) + (ticks * TickSeconds);
            }
        }

        return new ThreadCpu(process.TotalProcessorTime, groups, GC.GetTotalAllocatedBytes(precise: false), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }

    /// <summary>What happened between <paramref name="before"/> and this snapshot, as lines for the console.</summary>
    public string Describe(ThreadCpu before, long rows)
    {
        var cpu = (Total - before.Total).TotalSeconds;
        var groups = ByGroup
            .Select(g => (g.Key, Seconds: g.Value - before.ByGroup.GetValueOrDefault(g.Key)))
            .Where(g => g.Seconds >= 0.01)
            .OrderByDescending(g => g.Seconds)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Seconds:N2} s"));
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU {cpu:N2} s = {cpu * 1e6 / rows:N1} µs/row; allocated {(Allocated - before.Allocated) / (double)rows:N0} B/row; GCs gen0 {Gen0 - before.Gen0} gen1 {Gen1 - before.Gen1} gen2 {Gen2 - before.Gen2}\n      by thread: {string.Join(", ", groups)}");
    }

    /// <summary>Thread names with their numbers taken off (".NET TP Worker", "rdk:broker", "rdk:main").</summary>
    private static string Group(string name)
    {
        var end = name.Length;
        while (end > 0 && (char.IsAsciiDigit(name[end - 1]) || name[end - 1] == '#'))
        {
            end--;
        }

        return name[..end].TrimEnd();
    }
}
