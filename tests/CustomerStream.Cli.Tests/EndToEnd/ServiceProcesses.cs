using CustomerStream.Kafka;
using Xunit.Abstractions;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// The stream services of a process-kill test, each `customerstream run SERVICE` in its own OS process: started,
/// killed with SIGKILL and started again on the same state directories, optionally with a fail point armed.
/// </summary>
internal sealed class ServiceProcesses(string home, IReadOnlyDictionary<string, string?> environment, ITestOutputHelper output) : IAsyncDisposable
{
    private const string Reached = "failpoint ";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (CliProcess Process, string? FailPoint)> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _kills = new(StringComparer.Ordinal);

    /// <summary>The services the test kills.</summary>
    public static IReadOnlyList<string> Killable { get; } = ["identity", "aggregator", "projection"];

    /// <summary>SIGKILLs so far, per service.</summary>
    public IReadOnlyDictionary<string, int> Kills
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, int>(_kills, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Starts <paramref name="service"/>, with <paramref name="failPoint"/> armed when given.</summary>
    public void Start(string service, string? failPoint = null)
    {
        var variables = new Dictionary<string, string?>(environment) { [FailPoints.EnvironmentVariable] = failPoint };
        lock (_gate)
        {
            Assert.False(_running.ContainsKey(service), $"{service} is running already");
            _running[service] = (CliProcess.Start(home, variables, "run", service), failPoint);
        }
    }

    /// <summary>Sends SIGKILL to <paramref name="service"/>; a service that had already stopped on its own fails the test.</summary>
    public void Kill(string service)
    {
        CliProcess process;
        lock (_gate)
        {
            process = _running[service].Process;
            _running.Remove(service);
            _kills[service] = _kills.GetValueOrDefault(service) + 1;
        }

        Assert.False(process.HasExited, $"{service} stopped on its own before it was killed:\n{Tail(process)}");
        process.Kill();
        process.WaitForExitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        process.Dispose();
    }

    /// <summary>Whether the running incarnation of <paramref name="service"/> was started with a fail point.</summary>
    public bool IsArmed(string service)
    {
        lock (_gate)
        {
            return _running.TryGetValue(service, out var running) && running.FailPoint is not null;
        }
    }

    /// <summary>Waits until the running incarnation of <paramref name="service"/> says it reached its fail point.</summary>
    public async Task WaitForFailPointAsync(string service, TimeSpan timeout)
    {
        CliProcess process;
        lock (_gate)
        {
            process = _running[service].Process;
        }

        var deadline = DateTime.UtcNow + timeout;
        while (!process.Error.Any(l => l.StartsWith(Reached, StringComparison.Ordinal)))
        {
            Assert.False(process.HasExited, $"{service} stopped before its fail point:\n{Tail(process)}");
            Assert.True(DateTime.UtcNow < deadline, $"{service} did not reach its fail point within {timeout}:\n{Tail(process)}");
            await Task.Delay(100);
        }
    }

    /// <summary>Fails the test when <paramref name="service"/> stopped on its own: no data or fault may end a service.</summary>
    public void EnsureRunning(string service)
    {
        lock (_gate)
        {
            var process = _running[service].Process;
            Assert.False(process.HasExited, $"{service} stopped on its own:\n{Tail(process)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<(string Service, CliProcess Process)> running;
        lock (_gate)
        {
            running = _running.Select(r => (r.Key, r.Value.Process)).ToList();
            _running.Clear();
        }

        foreach (var (service, process) in running)
        {
            if (!process.HasExited)
            {
                process.Terminate();
                await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
            }

            output.WriteLine($"--- {service} (last incarnation)\n{Tail(process)}");
            process.Dispose();
        }
    }

    private static string Tail(CliProcess process) => string.Join('\n', process.Output.Concat(process.Error).TakeLast(40));
}
