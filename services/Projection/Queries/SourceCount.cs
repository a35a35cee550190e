namespace CustomerStream.Projection.Queries;

/// <summary>Visible customers holding at least one strong identifier of <paramref name="Source"/> (<c>email</c> or a source system).</summary>
public sealed record SourceCount(string Source, long VisibleCustomers);
