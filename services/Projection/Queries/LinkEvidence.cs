namespace CustomerStream.Projection.Queries;

/// <summary>One record that made two identifiers one customer.</summary>
/// <param name="From">The identifier already reached in the chain.</param>
/// <param name="To">The identifier it linked.</param>
/// <param name="SourceSystem">The record's source system.</param>
/// <param name="SourceRef">Where the record came from: <c>file.csv:42</c>, or the HTTP request and index.</param>
/// <param name="RecordTs">The record's own time (created_at, order_ts or the event's ts), UTC.</param>
public sealed record LinkEvidence(string From, string To, string? SourceSystem, string? SourceRef, DateTime? RecordTs)
{
    /// <summary>The other end when <paramref name="identifier"/> is one end, else null.</summary>
    public string? Other(string identifier) => identifier == From ? To : identifier == To ? From : null;
}
