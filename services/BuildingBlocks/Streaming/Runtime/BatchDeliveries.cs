namespace CustomerStream.Streaming.Runtime;

/// <summary>Counts the outstanding produce requests of one phase of a batch and completes when all are acknowledged.</summary>
internal sealed class BatchDeliveries
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Starts at one so that the phase cannot complete while records are still being handed to the producer.
    private int _outstanding = 1;

    public void Add() => Interlocked.Increment(ref _outstanding);

    public void Complete()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            _done.TrySetResult();
        }
    }

    /// <summary>Declares that every record of the phase was handed over, and waits for their acknowledgements.</summary>
    public Task SealAndWaitAsync(CancellationToken cancellationToken)
    {
        Complete();
        return _done.Task.WaitAsync(cancellationToken);
    }
}
