namespace CustomerStream.Projection.Queries;

/// <summary>The live customer a query named, and how (<see cref="MartQueries.ResolveAsync"/>).</summary>
/// <param name="Query">What was asked for (an ID, an alias, an e-mail or an identifier), trimmed.</param>
/// <param name="CustomerId">The live Customer360 ID it resolved to.</param>
/// <param name="ResolvedVia">The steps, e.g. <c>email:ann@example.com → c360_a</c>, <c>c360_b (merged into) → c360_a</c>.</param>
public sealed record CustomerResolution(string Query, string CustomerId, IReadOnlyList<string> ResolvedVia);
