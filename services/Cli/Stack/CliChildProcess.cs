using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace CustomerStream.Cli.Stack;

/// <summary>
/// This CLI started again as a child process (<c>customerstream run identity</c>, <c>customerstream ingest …</c>), its
/// output kept line by line: how the fault bench and the process-kill tests run each service as its own OS process,
/// and how they SIGKILL it.
/// </summary>
internal sealed class CliChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();

    private CliChildProcess(Process process)
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

    public int ExitCode => _process.ExitCode;

    /// <summary>Every line written to standard output so far.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>Every line written to standard error so far.</summary>
    public IReadOnlyCollection<string> Error => _error;

    /// <summary>
    /// Starts the CLI of this build with <paramref name="args"/>, in <paramref name="home"/> (<c>CS_HOME</c>), with
    /// <paramref name="environment"/> on top of this process's environment (a null value removes a variable).
    /// </summary>
    public static CliChildProcess Start(string home, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = home,
            Environment = { ["CS_HOME"] = home, ["DOTNET_NOLOGO"] = "1" },
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        // The framework-dependent entry assembly, so that the child is exactly this build, however this one was started.
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "customerstream.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new CliChildProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started."));
    }

    /// <summary>Waits for the process to end (at most <paramref name="timeout"/>) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        // The exit event can come before the last redirected lines are read.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a container runtime or <c>kill</c> does: the process stops gracefully.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Sends SIGKILL: the process ends at once, flushing, committing and cleaning up nothing.</summary>
    public void Kill() => Signal("KILL");

    /// <summary>The last <paramref name="lines"/> lines of output and error, for a failure message.</summary>
    public string Tail(int lines = 40) => string.Join('\n', _output.Concat(_error).TakeLast(lines));

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Signal(string signal)
    {
        // Process.Kill sends SIGKILL only; SIGTERM needs kill(1), and one way for both keeps them alike.
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill?.WaitForExit();
    }
}
