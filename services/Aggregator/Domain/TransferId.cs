namespace CustomerStream.Aggregator.Domain;

/// <summary>Identifies one state transfer: the merged-away customer and the seq of its MergeFact.</summary>
public readonly record struct TransferId(string LoserId, long MergeSeq);
