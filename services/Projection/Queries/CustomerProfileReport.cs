namespace CustomerStream.Projection.Queries;

/// <summary>One customer's stitched profile as <c>customerstream profile</c> shows it.</summary>
/// <param name="Query">What was asked for (an ID, an alias, an e-mail or an identifier).</param>
/// <param name="CustomerId">The live Customer360 ID it resolved to.</param>
/// <param name="ResolvedVia">How the query led there, e.g. <c>email:ann@example.com → c360_a</c>, <c>c360_b (alias) → c360_a</c>.</param>
/// <param name="Fields">Every column of <c>mart.customer_profile</c>, in order.</param>
/// <param name="Identifiers">The customer's identifiers.</param>
/// <param name="Periods">Month, quarter and year rows, oldest first.</param>
public sealed record CustomerProfileReport(
    string Query,
    string CustomerId,
    IReadOnlyList<string> ResolvedVia,
    IReadOnlyList<KeyValuePair<string, object?>> Fields,
    IReadOnlyList<ProfileIdentifier> Identifiers,
    IReadOnlyList<ProfilePeriod> Periods);
