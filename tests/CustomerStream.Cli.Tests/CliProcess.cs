using System.Collections.Concurrent;
using System.Diagnostics;

namespace CustomerStream.Cli.Tests;

/// <summary>The built CLI run as its own process, the way users and other processes run it.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();

    private CliProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _output.Enqueue(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _error.Enqueue(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyCollection<string> Output => _output;

    public IReadOnlyCollection<string> Error => _error;

    public static CliProcess Start(string home, params string[] args) => Start(home, new Dictionary<string, string?>(), args);

    /// <summary>Starts the CLI with <paramref name="environment"/> on top of the test defaults (e.g. a real <c>CS_POSTGRES</c>).</summary>
    public static CliProcess Start(string home, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = home,
            Environment =
            {
                ["CS_HOME"] = home,
                ["CS_POSTGRES"] = "Host=127.0.0.1;Username=cs;Password=secret;Database=cs",
                ["DOTNET_NOLOGO"] = "1",
            },
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "customerstream.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new CliProcess(Process.Start(start)!);
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

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        // The exit event can come before the last redirected lines are read.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a container runtime or <c>kill</c> does.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        kill.WaitForExit();
    }

    /// <summary>Sends SIGKILL: the process ends at once, flushing, committing and cleaning up nothing.</summary>
    public void Kill()
    {
        using var kill = Process.Start("kill", ["-KILL", _process.Id.ToString()]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
