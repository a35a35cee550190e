namespace CustomerStream.Aggregator.Domain;

/// <summary>
/// A merged-away customer's whole state on its way to the survivor's task. <see cref="TargetId"/> is
/// where it is sent: the survivor, or — when the survivor was itself merged away before the state
/// reached it — the customer that absorbed the survivor, and so on along the chain.
/// <see cref="Id"/> (loser, merge seq, contents) makes it applied exactly once. <see cref="RouteSeq"/> is the
/// seq at which <see cref="TargetId"/> became the owner of this state: the merge seq at first, the seq
/// of the forwarding merge after each hop; it decides which life of a re-activated ID it belongs to.
/// </summary>
public sealed record StateTransfer(string TargetId, string LoserId, long MergeSeq, long RouteSeq, CustomerState Payload)
{
    public TransferId Id { get; } = new(LoserId, MergeSeq, TransferId.ContentsOf(Payload.AppliedTransfers));
}
