namespace CustomerStream.Projection.Rebuild;

/// <summary>What a rebuild did.</summary>
/// <param name="Scope">What was regenerated.</param>
/// <param name="ClearedRows">Rows dropped before the replay.</param>
/// <param name="Replay">The replay's final progress (records read, documents written, time).</param>
public sealed record RebuildResult(RebuildScope Scope, int ClearedRows, ReplayProgress Replay);
