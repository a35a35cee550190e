namespace CustomerStream.Projection.Queries;

/// <summary>An identifier of a customer: where it resolves and since when.</summary>
public sealed record ProfileIdentifier(string Identifier, bool IsStrong, string? SourceSystem, DateTime? FirstSeenTs);
