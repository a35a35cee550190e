namespace CustomerStream.Projection.Queries;

/// <summary>A Customer360 ID that resolves to the customer: the ID <paramref name="Identifier"/> derives.</summary>
public sealed record CustomerAlias(string AliasId, string Identifier);
