using System.Diagnostics;

namespace CustomerStream.Benchmarks.Streamiz;

/// <summary>
/// What one engine's run cost this process: wall time, CPU time (all threads, the producer's included, which is the
/// same for both engines), managed bytes allocated, and the peak working set above the one at the start (sampled
/// every 50 ms). CPU time is the figure to trust on a shared machine; wall time moves with the neighbours' load.
/// </summary>
public sealed class RunMeter : IAsyncDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _cpuAtStart;
    private readonly long _allocatedAtStart;
    private readonly long _workingSetAtStart;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakWorkingSet;

    private RunMeter()
    {
        using var process = Process.GetCurrentProcess();
        _cpuAtStart = process.TotalProcessorTime;
        _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
        _workingSetAtStart = Environment.WorkingSet;
        _peakWorkingSet = _workingSetAtStart;
        _sampling = SampleAsync();
    }

    /// <summary>Collects garbage (so one run's leftovers do not count against the next) and starts measuring.</summary>
    public static RunMeter Start()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return new RunMeter();
    }

    /// <summary>The figures so far.</summary>
    public RunCost Read()
    {
        using var process = Process.GetCurrentProcess();
        return new RunCost(
            _clock.Elapsed,
            process.TotalProcessorTime - _cpuAtStart,
            GC.GetTotalAllocatedBytes(precise: true) - _allocatedAtStart,
            Math.Max(0, Interlocked.Read(ref _peakWorkingSet) - _workingSetAtStart));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sampling;
        }
        catch (OperationCanceledException)
        {
            // The sampler stops when asked.
        }

        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var now = Environment.WorkingSet;
            if (now > Interlocked.Read(ref _peakWorkingSet))
            {
                Interlocked.Exchange(ref _peakWorkingSet, now);
            }

            await Task.Delay(50, _stop.Token);
        }
    }
}
