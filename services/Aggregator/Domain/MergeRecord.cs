namespace CustomerStream.Aggregator.Domain;

/// <summary>One time this customer ID was merged away: at <paramref name="Seq"/>, into <paramref name="SurvivorId"/>.</summary>
public readonly record struct MergeRecord(long Seq, string SurvivorId);
