using CustomerStream.Projection.Queries;

namespace CustomerStream.Customer360.Api;

/// <summary>
/// <c>GET /v1/customers/{key}</c>: the live customer the key leads to, how it got there, the profile, the
/// identifiers (where each resolves now, strong or weak) and every Customer360 ID that resolves here.
/// </summary>
public sealed record CustomerAnswer(
    string CustomerId,
    IReadOnlyList<string> ResolvedVia,
    CustomerProfile Profile,
    IReadOnlyList<ProfileIdentifier> Identifiers,
    IReadOnlyList<CustomerAlias> Aliases);
