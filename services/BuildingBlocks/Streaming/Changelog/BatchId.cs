namespace CustomerStream.Streaming.Changelog;

/// <summary>
/// Identifies one batch of one task in its changelog: the owner epoch (a fresh id each time an instance
/// takes the task, or re-synchronizes it) and the batch's sequence number within that epoch.
/// </summary>
internal readonly record struct BatchId(Guid Epoch, long Sequence)
{
    public override string ToString() => $"{Epoch:N}/{Sequence}";
}
