using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using static CustomerStream.Projection.Tests.Changes;

namespace CustomerStream.Projection.Tests;

/// <summary>What a removal with an erasure id deletes beyond the customer's own rows, and that a replay keeps it deleted.</summary>
public sealed class ErasureWriterTests(MartDatabase db) : IClassFixture<MartDatabase>
{
    [Fact]
    public async Task An_erasure_deletes_the_persons_links_evidence_aliases_and_rejected_lines_and_a_replay_does_not_bring_them_back()
    {
        var (person, alias, other) = (NewCustomerId(), NewCustomerId(), NewCustomerId());
        var u = Guid.NewGuid().ToString("N")[..10];
        var (email, crm, bobEmail) = ($"ann.{u}@example.com", $"C{u}", $"bob.{u}@example.com");
        var links = new object[]
        {
            Link($"crm:{crm}", person, 1),
            Link($"email:{email}", person, 2, linked: $"crm:{crm}"),
            Link($"email:{bobEmail}", other, 3),
        };
        var byEmail = Rejected("crm", $"crm,{u}-9,{email.ToUpperInvariant()},2024-13-45");
        var bySourceId = Rejected("crm", $"{crm},crm,active,Ann,Smith,,+1 555,Boston,US,31/12/2023");
        var lookalike = Rejected("crm", $"X{crm}Y,crm,active,Ann,Smith");
        var bobs = Rejected("shop", $"shop,u-{u},{bobEmail},yesterday");
        await ApplyAsync([Change(person, 1, 10m), Change(other, 1, 5m), .. links, Merge(alias, person, 4), byEmail, bySourceId, lookalike, bobs]);
        Assert.Equal(2L, await Count("SELECT count(*) FROM mart.identity_links WHERE customer_id = $1", person));

        await ApplyAsync([new CustomerChange { CustomerId = person, Version = 2, ChangedAt = At, Removed = true, ErasureId = $"era-{u}" }]);

        Assert.Equal(0L, await Count("SELECT count(*) FROM mart.customer_profile WHERE customer_id = $1", person));
        Assert.Equal(0L, await Count("SELECT count(*) FROM mart.identity_links WHERE customer_id = $1", person));
        Assert.Equal(0L, await Count("SELECT count(*) FROM projection.identity_evidence WHERE identifier = $1 OR linked_identifier = $1", $"crm:{crm}"));
        Assert.Equal(0L, await Count("SELECT count(*) FROM projection.mt_doc_customer_alias WHERE id = $1", alias));
        Assert.Equal(1L, await Count("SELECT count(*) FROM mart.identity_links WHERE customer_id = $1", other));
        var kept = await Task.WhenAll(new[] { byEmail, bySourceId, lookalike, bobs }.Select(Stored));
        Assert.Equal(new[] { false, false, true, true }, kept);
        Assert.Equal($"era-{u}", await db.ScalarAsync<string>("SELECT erasure_id FROM projection.erasures WHERE customer_id = $1", person));

        // The rejected topic replayed (a rebuild): the person's lines stay deleted, the others are there once.
        await ApplyAsync([byEmail, bySourceId, lookalike]);
        var replayed = await Task.WhenAll(new[] { byEmail, bySourceId, lookalike }.Select(Stored));
        Assert.Equal(new[] { false, false, true }, replayed);
    }

    [Fact]
    public async Task A_link_of_an_erased_person_read_after_the_erasure_is_deleted_with_its_evidence_under_the_survivors_id_and_an_old_one()
    {
        var (person, alias, other) = (NewCustomerId(), NewCustomerId(), NewCustomerId());
        var u = Guid.NewGuid().ToString("N")[..10];
        await ApplyAsync([Change(person, 1, 10m), Change(other, 1, 5m), Link($"crm:{u}", person, 1), Merge(alias, person, 2)]);
        await ApplyAsync([new CustomerChange { CustomerId = person, Version = 2, ChangedAt = At, Removed = true, ErasureId = $"era-{u}" }]);

        // identity.links.v1 read behind the changes: links identity wrote before the erasure arrive after it.
        await ApplyAsync([
            Link($"email:ann.{u}@example.com", person, 3, linked: $"crm:{u}"),
            Link($"shop:{u}", alias, 4, linked: $"email:ann.{u}@example.com"),
            Link($"email:bob.{u}@example.com", other, 5, linked: $"shop:b-{u}"),
        ]);

        Assert.Equal(0L, await Count("SELECT count(*) FROM mart.identity_links WHERE customer_id = $1 OR customer_id = $2", person, alias));
        Assert.Equal(0L, await Count("SELECT count(*) FROM projection.identity_evidence WHERE identifier LIKE $1 OR linked_identifier LIKE $1", $"%ann.{u}%"));
        Assert.Equal(1L, await Count("SELECT count(*) FROM mart.identity_links WHERE customer_id = $1", other));
        Assert.Equal(1L, await Count("SELECT count(*) FROM projection.identity_evidence WHERE identifier = $1", $"email:bob.{u}@example.com"));
    }

    private async Task ApplyAsync(object[] records) => await db.Writer.ApplyAsync(Batch(records), CancellationToken.None);

    private Task<long> Count(string sql, params string[] ids) => db.ScalarAsync<long>(sql, ids);

    private async Task<bool> Stored(RejectedRecord rejected) =>
        await Count("SELECT count(*) FROM mart.rejected_records WHERE rejection_id = $1", rejected.RejectionId) == 1;

    private static IdentityLink Link(string identifier, string customerId, long version, string? linked = null) => new()
    {
        Identifier = identifier,
        CustomerId = customerId,
        FirstSeenTs = At,
        Version = version,
        LinkedIdentifier = linked,
        EvidenceSourceSystem = linked is null ? null : "crm",
        EvidenceRef = linked is null ? null : "customers.csv:2",
        EvidenceTs = linked is null ? null : At,
    };

    private static RejectedRecord Rejected(string source, string raw) => new()
    {
        RejectionId = Guid.NewGuid().ToString("N"),
        SourceSystem = source,
        Entity = "customers",
        InputRef = "customers.csv:9",
        ReasonCode = ReasonCodes.BadTimestamp,
        Reason = "not a date",
        Raw = raw,
        RejectedAt = At,
    };

    private static CustomerMerged Merge(string merged, string survivor, long version) => new()
    {
        EventId = Guid.NewGuid().ToString("N"),
        MergedId = merged,
        SurvivorId = survivor,
        Version = version,
        MergedAt = At,
        Reason = "test",
    };
}
