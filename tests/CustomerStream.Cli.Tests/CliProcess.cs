using CustomerStream.Cli.Stack;

namespace CustomerStream.Cli.Tests;

/// <summary>The built CLI run as its own process, the way users and other processes run it (test defaults on top of <see cref="CliChildProcess"/>).</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly CliChildProcess _process;

    private CliProcess(CliChildProcess process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyCollection<string> Output => _process.Output;

    public IReadOnlyCollection<string> Error => _process.Error;

    public static CliProcess Start(string home, params string[] args) => Start(home, new Dictionary<string, string?>(), args);

    /// <summary>Starts the CLI with <paramref name="environment"/> on top of the test defaults (e.g. a real <c>CS_POSTGRES</c>).</summary>
    public static CliProcess Start(string home, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var variables = new Dictionary<string, string?> { ["CS_POSTGRES"] = "Host=127.0.0.1;Username=cs;Password=secret;Database=cs" };
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }

        return new CliProcess(CliChildProcess.Start(home, variables, args));
    }

    /// <summary>Runs the CLI to completion and returns its exit code.</summary>
    public static Task<(int ExitCode, CliProcess Process)> RunAsync(string home, params string[] args) =>
        RunAsync(home, new Dictionary<string, string?>(), args);

    /// <summary>Runs the CLI with <paramref name="environment"/> to completion and returns its exit code.</summary>
    public static async Task<(int ExitCode, CliProcess Process)> RunAsync(string home, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var process = Start(home, environment, args);
        return (await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), process);
    }

    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    /// <summary>Sends SIGTERM, as a container runtime or <c>kill</c> does.</summary>
    public void Terminate() => _process.Terminate();

    /// <summary>Sends SIGKILL: the process ends at once, flushing, committing and cleaning up nothing.</summary>
    public void Kill() => _process.Kill();

    public void Dispose() => _process.Dispose();
}
