namespace CustomerStream.Projection.Queries;

/// <summary>Rows of one mart relation (for <c>status</c>).</summary>
public sealed record MartRowCount(string Relation, long Rows);
