namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// A web event's attribution to this customer, last-writer-wins by the identity fact's seq: APPLY
/// makes it present, RETRACT absent. An absent entry is kept (with its time, without the rest) so
/// that an older APPLY arriving later — e.g. inside a merged customer's state — cannot resurrect it.
/// </summary>
public sealed record WebEventEntry(string EventId, long Seq, bool Present, DateTime Ts, string? Type, string? SessionId, string? Email)
{
    public const string PageViewType = "page_view";

    public bool IsPageView => Present && string.Equals(Type, PageViewType, StringComparison.Ordinal);

    public static WebEventEntry Absent(string eventId, long seq, DateTime ts) => new(eventId, seq, false, ts, null, null, null);

    /// <summary>Same visible contribution (presence, time, type, session, e-mail), whatever the seq.</summary>
    public bool SameContentAs(WebEventEntry other) =>
        Present == other.Present
        && Ts == other.Ts
        && (!Present
            || (string.Equals(Type, other.Type, StringComparison.Ordinal)
                && string.Equals(SessionId, other.SessionId, StringComparison.Ordinal)
                && string.Equals(Email, other.Email, StringComparison.Ordinal)));
}
