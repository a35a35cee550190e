namespace CustomerStream.Streaming.Runtime;

/// <summary>Unwinds the processing loop at a simulated crash point.</summary>
internal sealed class SimulatedCrashException(CrashPoint point) : Exception($"Simulated crash at {point}.")
{
    public CrashPoint Point { get; } = point;
}
