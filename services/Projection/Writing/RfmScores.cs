namespace CustomerStream.Projection.Writing;

/// <summary>A customer's RFM scores (1..5) and segment.</summary>
internal readonly record struct RfmScores(int R, int F, int M, string Segment);
