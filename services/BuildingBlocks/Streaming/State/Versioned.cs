namespace CustomerStream.Streaming.State;

/// <summary>
/// A value with a per-key version, for state whose changes are emitted downstream: increment the version
/// in the same batch that changes the value and put it in the output, so consumers can drop duplicates
/// and stale records (see <c>docs/streaming-runtime.md</c>, "Outputs and versions").
/// </summary>
/// <param name="Version">0 for a key never written, then 1, 2, … one per change.</param>
/// <param name="Value">The state.</param>
public readonly record struct Versioned<T>(long Version, T Value);
