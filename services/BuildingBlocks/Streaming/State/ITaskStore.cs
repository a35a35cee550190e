namespace CustomerStream.Streaming.State;

/// <summary>One store of one task, as the runtime handles it: local store plus the batch's write cache.</summary>
internal interface ITaskStore : IDisposable
{
    string Name { get; }

    IStateStore Local { get; }

    WriteCache Cache { get; }
}
