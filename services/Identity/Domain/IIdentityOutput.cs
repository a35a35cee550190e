using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;

namespace CustomerStream.Identity.Domain;

/// <summary>Where the engine's decisions go (topics in the service, lists in tests).</summary>
public interface IIdentityOutput
{
    /// <summary>To <c>identity.customer-facts.v1</c>, key <see cref="IdentityFact.CustomerId"/>.</summary>
    void Fact(IdentityFact fact);

    /// <summary>To <c>identity.links.v1</c>, key <see cref="IdentityLink.Identifier"/>.</summary>
    void Link(IdentityLink link);

    /// <summary>To <c>customer.merged.v1</c>, key <see cref="CustomerMerged.SurvivorId"/>.</summary>
    void Merged(CustomerMerged merged);

    /// <summary>To <c>customer.erased.v1</c>, key <see cref="CustomerErased.CustomerId"/>.</summary>
    void Erased(CustomerErased erased);
}
