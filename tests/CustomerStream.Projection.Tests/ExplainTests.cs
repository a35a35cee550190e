using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Projection.Queries;
using static CustomerStream.Projection.Tests.Changes;

namespace CustomerStream.Projection.Tests;

/// <summary><c>explain</c> over what the projection stores: the evidence identity's links carried, the survivor, devices, merges and aliases.</summary>
public sealed class ExplainTests(MartDatabase db) : IClassFixture<MartDatabase>
{
    [Fact]
    public async Task The_chain_walks_from_the_survivors_identifier_through_the_records_that_linked_each_identifier()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        string email = $"email:ann.{tag}@example.com", crm = $"crm:{tag}", shop = $"shop:{tag}", device = $"device:{tag}";
        var id = Customer360Id.From(Identifier.Parse(email)).Value;
        var shopId = Customer360Id.From(Identifier.Parse(shop)).Value;
        var change = Change(id, 3);
        change.Summary!.AcquisitionTs = At.AddDays(-30);
        change.Summary.AcquisitionSource = "crm";
        change.Summary.Identifiers = [email, crm, shop, device];
        await db.Writer.ApplyAsync(Batch(
            change,
            Link(email, id, 1, crm, "crm", "customers_crm.csv:3", -30),
            Link(crm, id, 2),
            Link(shop, shopId, 3),
            // The order that linked the shop account to the e-mail merged the shop customer into this one.
            Link(shop, id, 5, email, "shop", "orders.csv:9", -2),
            Link(device, id, 6, crm, "web", "web.ndjson:4", -1),
            new CustomerMerged
            {
                EventId = $"merge-{tag}", SurvivorId = id, MergedId = shopId, Version = 4, MergedAt = At, Reason = $"record orders.csv:9 links {shop} and {email}",
                LinkingIdentifier = shop,
            }), CancellationToken.None);

        var explanation = await new CustomerExplainer(db.DataSource).ExplainAsync(shop, CancellationToken.None);

        Assert.NotNull(explanation);
        Assert.Equal(id, explanation.CustomerId);
        Assert.Equal(new[] { crm, email, shop }, explanation.StrongIdentifiers);
        Assert.Equal(
            new[] { (email, crm, "customers_crm.csv:3"), (email, shop, "orders.csv:9") },
            explanation.Evidence.Select(e => (e.From, e.To, e.SourceRef!)));
        Assert.Empty(explanation.Unexplained);
        Assert.Equal(email, explanation.Survivor.Identifier);
        Assert.Equal((At.AddDays(-30), "crm"), (explanation.Survivor.AcquisitionTs!.Value, explanation.Survivor.AcquisitionSource));
        var weak = Assert.Single(explanation.WeakIdentifiers);
        Assert.Equal((device, crm, "web.ndjson:4"), (weak.Identifier, weak.LoggedInAs, weak.SourceRef));
        Assert.Equal(shopId, Assert.Single(explanation.Merges).MergedId);
        Assert.Equal(
            new[] { (Customer360Id.From(Identifier.Parse(crm)).Value, crm), (shopId, shop) }.OrderBy(a => a.Item1, StringComparer.Ordinal),
            explanation.Aliases.Select(a => (a.AliasId, a.Identifier)));
    }

    [Fact]
    public async Task Nothing_is_explained_for_an_unknown_customer()
    {
        Assert.Null(await new CustomerExplainer(db.DataSource).ExplainAsync($"nobody.{Guid.NewGuid():N}@example.com", CancellationToken.None));
    }

    private static IdentityLink Link(string identifier, string customerId, long version, string? linked = null, string? source = null, string? sourceRef = null, int days = 0) => new()
    {
        Identifier = identifier,
        CustomerId = customerId,
        SourceSystem = identifier.StartsWith("email:", StringComparison.Ordinal) || identifier.StartsWith("device:", StringComparison.Ordinal) ? null : identifier.Split(':')[0],
        FirstSeenTs = At,
        Version = version,
        LinkedIdentifier = linked,
        EvidenceSourceSystem = source,
        EvidenceRef = sourceRef,
        EvidenceTs = linked is null ? null : At.AddDays(days),
    };
}
