namespace CustomerStream.Projection.Queries;

/// <summary>Visible customers of one RFM segment and their lifetime value.</summary>
public sealed record SegmentFigure(string Segment, long Customers, decimal LifetimeValue);
