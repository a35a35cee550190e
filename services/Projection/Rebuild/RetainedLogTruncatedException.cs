namespace CustomerStream.Projection.Rebuild;

/// <summary>A topic the rebuild replays has lost its head to retention; the rebuild refuses to run.</summary>
public sealed class RetainedLogTruncatedException(string message) : Exception(message);
