using System.Diagnostics;
using System.Text.Json;
using CustomerStream.ServiceDefaults;

namespace CustomerStream.Cli.Stack;

/// <summary>
/// Where the services started from this home answer their health endpoints: each `customerstream run SERVICE` (and
/// `up`, for the services it hosts) writes <c>.customerstream/services/NAME.json</c> with its URL and pid, and removes
/// it when it stops; <c>status</c> reads the entries whose process still runs and asks each for its figures.
/// </summary>
internal static class RunningServices
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Records that <paramref name="name"/> (this process) answers at <paramref name="url"/>; disposing the result removes the entry.</summary>
    public static IDisposable Register(string home, string name, string url)
    {
        var path = PathOf(home, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(new Entry(name, url, Environment.ProcessId, DateTimeOffset.UtcNow), Json));
        return new Removal(path);
    }

    /// <summary>The entries under <paramref name="home"/> whose process still runs, by name.</summary>
    public static IReadOnlyList<(string Name, string Url)> Read(string home)
    {
        var folder = Path.Combine(home, StackEndpoints.FolderName, "services");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var entries = new List<(string, string)>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                if (JsonSerializer.Deserialize<Entry>(File.ReadAllText(file), Json) is { } entry && IsRunning(entry))
                {
                    entries.Add((entry.Name, entry.Url));
                }
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                // Half written by a starting service, or removed by a stopping one: not running for status's purpose.
            }
        }

        return entries;
    }

    private static string PathOf(string home, string name) => Path.Combine(home, StackEndpoints.FolderName, "services", name + ".json");

    /// <summary>The pid alone could be reused by another process after a SIGKILL; its start time tells them apart.</summary>
    private static bool IsRunning(Entry entry)
    {
        try
        {
            using var process = Process.GetProcessById(entry.Pid);
            return !process.HasExited && process.StartTime.ToUniversalTime() <= entry.StartedAt.UtcDateTime.AddSeconds(1);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private sealed record Entry(string Name, string Url, int Pid, DateTimeOffset StartedAt);

    private sealed class Removal(string path) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Gone already; a stale entry is ignored anyway once its process is gone.
            }
        }
    }
}
