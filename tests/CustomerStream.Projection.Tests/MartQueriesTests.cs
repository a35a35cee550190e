using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Identity;
using CustomerStream.Projection.Queries;
using static CustomerStream.Projection.Tests.Changes;

namespace CustomerStream.Projection.Tests;

public sealed class MartQueriesTests(MartDatabase db) : IClassFixture<MartDatabase>
{
    private readonly MartQueries _queries = new(db.DataSource);

    private async Task ApplyAsync(params object[] records) => await db.Writer.ApplyAsync(Batch(records), CancellationToken.None);

    private static Contracts.Aggregate.CustomerChange Customer(string id, string email, VisibilityStatus visibility, params string[] identifiers)
    {
        var change = Change(id, 1, 100, Month(2025, 1, 100));
        change.Summary!.VisibilityStatus = visibility;
        change.Summary.Email = email;
        change.Summary.Identifiers = [.. identifiers];
        return change;
    }

    [Fact]
    public async Task Audit_counts_visible_customers_with_every_bucket_and_source_and_says_how()
    {
        await using var fresh = new MartDatabase();
        await fresh.InitializeAsync();
        await fresh.Writer.ApplyAsync(Batch(
            Customer(NewCustomerId(), "a@example.com", VisibilityStatus.VISIBLE, "crm:1", "email:a@example.com", "device:d1"),
            Customer(NewCustomerId(), "b@example.com", VisibilityStatus.VISIBLE, "shop:u-2", "email:b@example.com"),
            Customer(NewCustomerId(), "c@example.com", VisibilityStatus.VISIBLE, "crm:3"),
            Customer(NewCustomerId(), "t@example.com", VisibilityStatus.TEST, "crm:4"),
            Customer(NewCustomerId(), "", VisibilityStatus.ANONYMOUS, "device:d9")), CancellationToken.None);

        var audit = await new MartQueries(fresh.DataSource).AuditCustomersAsync(CancellationToken.None);

        Assert.Equal(3, audit.Visible);
        Assert.Equal([("visible", 3L), ("test", 1L), ("deleted", 0L), ("anonymous", 1L)], audit.ByVisibility.Select(b => (b.VisibilityStatus, b.Customers)));
        Assert.Equal([("crm", 2L), ("email", 2L), ("shop", 1L)], audit.BySource.Select(s => (s.Source, s.VisibleCustomers)));
        Assert.Contains(audit.Derivation, line => line.Contains("mart.customer_count_audit", StringComparison.Ordinal));
        Assert.NotNull(audit.DataAsOf);
    }

    [Fact]
    public async Task Profile_is_found_by_id_email_or_identifier()
    {
        var id = NewCustomerId();
        var email = $"{Guid.NewGuid():N}@Example.com";
        await ApplyAsync(
            Customer(id, email.ToLowerInvariant(), VisibilityStatus.VISIBLE, $"crm:{id}", $"email:{email.ToLowerInvariant()}"),
            new IdentityLink { Identifier = $"email:{email.ToLowerInvariant()}", CustomerId = id, FirstSeenTs = At, Version = 1 },
            new IdentityLink { Identifier = $"crm:{id}", CustomerId = id, SourceSystem = "crm", FirstSeenTs = At, Version = 2 });

        foreach (var query in new[] { id, $" {email} ", $"crm:{id}" })
        {
            var report = await _queries.FindProfileAsync(query, CancellationToken.None);
            Assert.NotNull(report);
            Assert.Equal(id, report.CustomerId);
            Assert.Equal(100m, report.Fields.Single(f => f.Key == "lifetime_value").Value);
            Assert.Equal([$"crm:{id}", $"email:{email.ToLowerInvariant()}"], report.Identifiers.Select(i => i.Identifier));
            Assert.Equal("month", report.Periods[0].Grain);
        }
    }

    [Fact]
    public async Task Profile_of_an_alias_follows_the_merge_chain_to_the_live_customer()
    {
        var (a, b, c) = (NewCustomerId(), NewCustomerId(), NewCustomerId());
        await ApplyAsync(Change(a, 1, 1), Change(b, 1, 2), Change(c, 1, 3));
        await ApplyAsync(
            new CustomerMerged { EventId = "e1", MergedId = a, SurvivorId = b, Version = 1, MergedAt = At, Reason = "test" },
            new CustomerMerged { EventId = "e2", MergedId = b, SurvivorId = c, Version = 2, MergedAt = At, Reason = "test" },
            new Contracts.Aggregate.CustomerChange { CustomerId = a, Version = 2, ChangedAt = At, Removed = true, MergedInto = b },
            new Contracts.Aggregate.CustomerChange { CustomerId = b, Version = 2, ChangedAt = At, Removed = true, MergedInto = c });

        var report = await _queries.FindProfileAsync(a, CancellationToken.None);

        Assert.NotNull(report);
        Assert.Equal(c, report.CustomerId);
        Assert.Equal(2, report.ResolvedVia.Count);
    }

    [Fact]
    public async Task A_removed_customer_without_a_merge_event_still_resolves_through_its_tombstone()
    {
        var (loser, survivor) = (NewCustomerId(), NewCustomerId());
        await ApplyAsync(Change(loser, 1, 5), Change(survivor, 1, 6));
        await ApplyAsync(new Contracts.Aggregate.CustomerChange { CustomerId = loser, Version = 2, ChangedAt = At, Removed = true, MergedInto = survivor });

        Assert.Equal(survivor, (await _queries.FindProfileAsync(loser, CancellationToken.None))?.CustomerId);
    }

    [Fact]
    public async Task Profile_by_an_old_id_that_no_merge_event_named_resolves_through_the_identifier_that_derives_it()
    {
        var id = NewCustomerId();
        var old = Contracts.Primitives.Customer360Id.From(Contracts.Primitives.Identifier.SourceId("crm", "C-old-" + id[^6..])).Value;
        await ApplyAsync(Customer(id, $"{id}@example.com", VisibilityStatus.VISIBLE, "crm:1"),
            new IdentityLink { Identifier = "crm:C-old-" + id[^6..], CustomerId = id, SourceSystem = "crm", FirstSeenTs = At, Version = 1 });

        var report = await _queries.FindProfileAsync(old, CancellationToken.None);

        Assert.Equal(id, report?.CustomerId);
    }

    [Fact]
    public async Task An_unknown_customer_is_not_found()
    {
        Assert.Null(await _queries.FindProfileAsync(NewCustomerId(), CancellationToken.None));
        Assert.Null(await _queries.FindProfileAsync("nobody@nowhere.example", CancellationToken.None));
    }

    [Fact]
    public async Task Row_counts_list_every_stored_relation()
    {
        await ApplyAsync(Change(NewCustomerId(), 1, 10, Month(2025, 1, 10)));
        var counts = await _queries.RowCountsAsync(CancellationToken.None);
        Assert.Contains(counts, c => c is { Relation: "customer_month", Rows: > 0 });
        Assert.Contains(counts, c => c is { Relation: "customer_profile", Rows: > 0 });
        Assert.Equal(10, counts.Count);
    }
}
