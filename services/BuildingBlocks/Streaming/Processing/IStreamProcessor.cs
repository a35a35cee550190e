namespace CustomerStream.Streaming.Processing;

/// <summary>
/// Business logic of a stream application. The runtime creates one processor per task (through the
/// topology's factory, when the task is assigned and its stores are restored), calls
/// <see cref="Process"/> for each input record of a batch, in offset order per input partition, then
/// <see cref="OnBatchEnd"/> once. A processor that implements <see cref="IDisposable"/> is disposed when
/// its task closes.
/// </summary>
/// <remarks>
/// A processor may keep what it likes in memory across batches (e.g. a cache of decoded state), provided
/// every change also goes to its stores: when a batch is abandoned (a write failed, or another instance
/// wrote to the task's changelog), the runtime discards the processor and creates a new one, which sees
/// only committed state.
/// Processors must be deterministic functions of their state and input (no clocks, no randomness, no
/// I/O): after a crash a batch is processed again, and its changes must come out the same for the
/// changelog to stay the single truth. An exception thrown here stops the application (it is a bug or a
/// record the logic should have rejected to a topic of its own).
/// </remarks>
public interface IStreamProcessor
{
    /// <summary>Handles one record: read and write the task's stores, forward outputs.</summary>
    void Process(StreamRecord record, IProcessorContext context);

    /// <summary>
    /// Called once per batch for each task that had records in it, after the last <see cref="Process"/>:
    /// the place to emit one change per key for the whole batch. <see cref="IProcessorContext.CurrentRecord"/>
    /// is null here.
    /// </summary>
    void OnBatchEnd(IProcessorContext context)
    {
    }
}
