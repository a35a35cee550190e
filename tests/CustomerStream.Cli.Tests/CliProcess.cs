using CustomerStream.Cli.Stack;
using Xunit.Abstractions;

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

    /// <summary>Runs the CLI to completion and fails the test, with its output written to <paramref name="output"/>, unless it exits with 0.</summary>
    public static async Task<CliProcess> RunToSuccessAsync(
        string home, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, ITestOutputHelper output, params string[] args)
    {
        var process = Start(home, environment, args);
        var exitCode = await process.WaitForExitAsync(timeout);
        if (exitCode != 0)
        {
            process.DumpTo(output);
        }

        Assert.True(exitCode == 0, $"customerstream {string.Join(' ', args)} exited with {exitCode}");
        return process;
    }

    /// <summary>Waits until a line of the output contains <paramref name="text"/>; fails if the process stops first or the time runs out.</summary>
    public async Task WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no line with '{text}' within {timeout}");
            Assert.False(HasExited, "the process stopped early");
            await Task.Delay(200);
        }
    }

    /// <summary>Writes everything the process printed to the test's output (for a failure's diagnosis).</summary>
    public void DumpTo(ITestOutputHelper output)
    {
        foreach (var line in Output.Concat(Error))
        {
            output.WriteLine(line);
        }
    }

    /// <summary>Sends SIGTERM, as a container runtime or <c>kill</c> does.</summary>
    public void Terminate() => _process.Terminate();

    /// <summary>Sends SIGKILL: the process ends at once, flushing, committing and cleaning up nothing.</summary>
    public void Kill() => _process.Kill();

    public void Dispose() => _process.Dispose();
}
