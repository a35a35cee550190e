using System.Diagnostics;

namespace CustomerStream.Testing;

/// <summary>
/// Keeps every core busy while a test runs (Debian's <c>stress-ng</c>, which <c>test.sh</c> installs), so that
/// fault tests meet the timing of a loaded machine — the one where a broker bounce used to end an application.
/// Disposing stops it.
/// </summary>
public sealed class CpuStress : IDisposable
{
    private readonly Process _process;

    private CpuStress(Process process) => _process = process;

    /// <summary>Starts one busy worker per core.</summary>
    /// <exception cref="InvalidOperationException">stress-ng is not installed.</exception>
    public static CpuStress Start()
    {
        var start = new ProcessStartInfo("stress-ng", ["--cpu", "0", "--cpu-method", "matrixprod", "--quiet", "--timeout", "600s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            return new CpuStress(Process.Start(start) ?? throw new InvalidOperationException("stress-ng did not start."));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("stress-ng is not installed (test.sh installs it: apt-get install -y stress-ng).", e);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Our own child and its workers (stress-ng forks one per core).
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended by itself meanwhile.
        }

        _process.Dispose();
    }
}
