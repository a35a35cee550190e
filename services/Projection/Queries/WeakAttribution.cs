namespace CustomerStream.Projection.Queries;

/// <summary>A device or cookie attributed to the customer.</summary>
/// <param name="Identifier">The weak identifier (<c>device:…</c>, <c>cookie:…</c>).</param>
/// <param name="LoggedInAs">The strong identifier of the login that attributed it; null when none is recorded.</param>
/// <param name="SourceSystem">The login event's source.</param>
/// <param name="SourceRef">Where the login event came from.</param>
/// <param name="RecordTs">When the login happened, UTC.</param>
/// <param name="Why">The rule, in words.</param>
public sealed record WeakAttribution(string Identifier, string? LoggedInAs, string? SourceSystem, string? SourceRef, DateTime? RecordTs, string Why);
