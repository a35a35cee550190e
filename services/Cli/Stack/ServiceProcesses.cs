using CustomerStream.Kafka;

namespace CustomerStream.Cli.Stack;

/// <summary>
/// Services each run as `customerstream run SERVICE` in its own OS process: started, killed with SIGKILL and started
/// again with the same environment (so on the same state directories), optionally with a fail point armed
/// (<see cref="FailPoints"/>). The fault bench and the process-kill tests share it.
/// </summary>
/// <param name="home">The children's <c>CS_HOME</c>.</param>
/// <param name="environment">Variables set for every service (endpoints, state directories, timeouts).</param>
/// <param name="log">Receives the last lines of each service's output when the set is disposed.</param>
internal sealed class ServiceProcesses(string home, IReadOnlyDictionary<string, string?> environment, Action<string>? log = null) : IAsyncDisposable
{
    private const string Reached = "failpoint ";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (CliChildProcess Process, string? FailPoint)> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _kills = new(StringComparer.Ordinal);

    /// <summary>The stream services, which keep state and offsets of their own.</summary>
    public static IReadOnlyList<string> StreamServices { get; } = ["identity", "aggregator", "projection"];

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

    /// <summary>Starts <paramref name="service"/> with <paramref name="extra"/> variables on top of the set's, and <paramref name="failPoint"/> armed when given.</summary>
    public void Start(string service, string? failPoint = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var variables = new Dictionary<string, string?>(environment) { [FailPoints.EnvironmentVariable] = failPoint };
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        lock (_gate)
        {
            if (_running.ContainsKey(service))
            {
                throw new InvalidOperationException($"{service} is running already.");
            }

            _running[service] = (CliChildProcess.Start(home, variables, "run", service), failPoint);
        }
    }

    /// <summary>Sends SIGKILL to <paramref name="service"/> and waits until it is gone.</summary>
    /// <exception cref="InvalidOperationException">The service had already stopped on its own.</exception>
    public async Task KillAsync(string service)
    {
        CliChildProcess process;
        lock (_gate)
        {
            process = _running[service].Process;
            _running.Remove(service);
            _kills[service] = _kills.GetValueOrDefault(service) + 1;
        }

        try
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{service} stopped on its own before it was killed:\n{process.Tail()}");
            }

            process.Kill();
            await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Whether the running incarnation of <paramref name="service"/> was started with a fail point.</summary>
    public bool IsArmed(string service)
    {
        lock (_gate)
        {
            return _running.TryGetValue(service, out var running) && running.FailPoint is not null;
        }
    }

    /// <summary>Waits until <paramref name="service"/> wrote <paramref name="line"/> (a prefix) to its standard output.</summary>
    /// <exception cref="InvalidOperationException">It stopped first.</exception>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/>.</exception>
    public Task WaitForOutputAsync(string service, string line, TimeSpan timeout) =>
        WaitForAsync(service, p => p.Output.Any(l => l.StartsWith(line, StringComparison.Ordinal)), timeout, $"say \"{line}\"");

    /// <summary>Waits until the running incarnation of <paramref name="service"/> says it reached its fail point.</summary>
    public Task WaitForFailPointAsync(string service, TimeSpan timeout) =>
        WaitForAsync(service, p => p.Error.Any(l => l.StartsWith(Reached, StringComparison.Ordinal)), timeout, "reach its fail point");

    /// <summary>The services that stopped on their own (no data or fault may end one), each with the end of its output.</summary>
    public IReadOnlyList<(string Service, string Tail)> Stopped()
    {
        lock (_gate)
        {
            return _running.Where(r => r.Value.Process.HasExited).Select(r => (r.Key, r.Value.Process.Tail())).ToList();
        }
    }

    /// <summary>Forgets a service that stopped on its own, so that it can be started again.</summary>
    public void Forget(string service)
    {
        lock (_gate)
        {
            if (_running.Remove(service, out var stopped))
            {
                stopped.Process.Dispose();
            }
        }
    }

    /// <summary>Stops every service with SIGTERM (gracefully), waiting up to a minute for each.</summary>
    public async ValueTask DisposeAsync()
    {
        List<(string Service, CliChildProcess Process)> running;
        lock (_gate)
        {
            running = _running.Select(r => (r.Key, r.Value.Process)).ToList();
            _running.Clear();
        }

        foreach (var (service, process) in running)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Terminate();
                    await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
                }
            }
            catch (OperationCanceledException)
            {
                // Did not stop within the minute: Dispose kills it.
            }

            log?.Invoke($"--- {service} (last incarnation)\n{process.Tail()}");
            process.Dispose();
        }
    }

    private async Task WaitForAsync(string service, Func<CliChildProcess, bool> condition, TimeSpan timeout, string what)
    {
        CliChildProcess process;
        lock (_gate)
        {
            process = _running[service].Process;
        }

        var deadline = DateTime.UtcNow + timeout;
        while (!condition(process))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{service} stopped before it could {what}:\n{process.Tail()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{service} did not {what} within {timeout}:\n{process.Tail()}");
            }

            await Task.Delay(100);
        }
    }
}
