namespace CustomerStream.Streaming.Runtime;

/// <summary>Counts the outstanding produce requests of one phase of a batch and completes when all are acknowledged.</summary>
internal sealed class BatchDeliveries
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(50);
    private readonly ManualResetEventSlim _done = new(false);

    // Starts at one so that the phase cannot complete while records are still being handed to the producer.
    private int _outstanding = 1;

    public void Add() => Interlocked.Increment(ref _outstanding);

    public void Complete()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            _done.Set();
        }
    }

    /// <summary>
    /// Declares that every record of the phase was handed over, and blocks until their acknowledgements are in.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="interrupted"/> turned true while waiting.</exception>
    public void SealAndWait(Func<bool> interrupted)
    {
        Complete();
        while (!_done.Wait(CheckInterval))
        {
            if (interrupted())
            {
                throw new OperationCanceledException("Waiting for acknowledgements was interrupted.");
            }
        }

        // Not disposed: a report arriving after an interrupted wait must still find it usable.
    }
}
