namespace CustomerStream.Projection.Queries;

/// <summary>Why a customer's identifiers are one customer (<c>customerstream explain</c>, <see cref="CustomerExplainer"/>).</summary>
/// <param name="Query">What was asked for.</param>
/// <param name="CustomerId">The live Customer360 ID.</param>
/// <param name="ResolvedVia">How the query led to it.</param>
/// <param name="VisibilityStatus">The customer's visibility.</param>
/// <param name="StrongIdentifiers">The customer's strong identifiers now (e-mails, source customer ids), sorted.</param>
/// <param name="Evidence">
/// The evidence chain: for each strong identifier but the survivor's, the record that linked it to one already
/// reached, walking out from the survivor's identifier (so each step's <c>From</c> appeared before it).
/// </param>
/// <param name="Unexplained">Strong identifiers of the customer no recorded evidence reaches (marts projected before evidence was recorded).</param>
/// <param name="Survivor">Which identifier names the customer and by which rule.</param>
/// <param name="WeakIdentifiers">Devices and cookies attributed to the customer, and the login that did it.</param>
/// <param name="Records">
/// Every recorded piece of evidence between two identifiers the customer holds (strong or weak), oldest first: the
/// identity graph's edges. <c>From</c> and <c>To</c> are the two identifiers as identity recorded them; the chain
/// above is a path through these.
/// </param>
/// <param name="Merges">Merges announced into this customer (directly or through a chain), in the order identity made them.</param>
/// <param name="Aliases">Customer360 IDs that resolve to this customer, with the identifier each derives from.</param>
public sealed record CustomerExplanation(
    string Query,
    string CustomerId,
    IReadOnlyList<string> ResolvedVia,
    string VisibilityStatus,
    IReadOnlyList<string> StrongIdentifiers,
    IReadOnlyList<LinkEvidence> Evidence,
    IReadOnlyList<string> Unexplained,
    SurvivorChoice Survivor,
    IReadOnlyList<WeakAttribution> WeakIdentifiers,
    IReadOnlyList<LinkEvidence> Records,
    IReadOnlyList<CustomerMerge> Merges,
    IReadOnlyList<CustomerAlias> Aliases);
