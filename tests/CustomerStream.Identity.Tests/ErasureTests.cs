using CustomerStream.Contracts.Erasure;
using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Primitives;
using CustomerStream.Identity.Domain;
using static CustomerStream.Identity.Tests.Records;

namespace CustomerStream.Identity.Tests;

public sealed class ErasureTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    public void Forgetting_a_person_by_email_removes_every_identifier_device_and_attributed_event_and_says_so_downstream(int? cacheCapacity)
    {
        var run = cacheCapacity is { } capacity ? new StitchRun(capacity) : new StitchRun();
        foreach (var record in new object[]
                 {
                     Web("e0", 0.5, device: "d1"), // anonymous, before the login: joins the person
                     Customer("crm", "1", "ann@example.com", created: 1),
                     Order("shop", "o1", customerId: "u1", email: "ann@example.com", day: 2),
                     Web("e1", 3, type: "login", device: "d1", user: "u1"),
                     Web("e2", 4, device: "d1"),
                 })
        {
            run.Apply(record);
        }

        var customer = run.CustomerOf("crm:1");
        var facts = run.Facts.Count;

        Assert.Equal(IdentityOutcome.Applied, run.Apply(Erasure("ann@example.com")));

        foreach (var identifier in new[] { "crm:1", "shop:u1", "email:ann@example.com", "device:d1" })
        {
            Assert.Null(run.Engine.Resolve(Identifier.Parse(identifier)));
        }

        var erasure = Assert.Single(run.Facts.Skip(facts));
        Assert.Equal(customer, erasure.CustomerId);
        Assert.IsType<ErasureFact>(erasure.Fact);
        var erased = Assert.Single(run.Erasures);
        Assert.Equal(customer, erased.CustomerId);
        Assert.Contains(Customer360Id.From(Identifier.Parse("device:d1")).Value, erased.ErasedIds);
        Assert.Contains(Customer360Id.From(Identifier.Parse("shop:u1")).Value, erased.ErasedIds);
        Assert.DoesNotContain(erased.ErasedIds, id => id.Contains('@', StringComparison.Ordinal));
    }

    [Fact]
    public void Records_that_carry_an_erased_identifier_are_refused_and_emit_nothing_and_others_go_on()
    {
        var run = StitchRun.Of([Customer("crm", "1", "ann@example.com", created: 1)]);
        run.Apply(Erasure("crm:1"));
        var facts = run.Facts.Count;
        var links = run.Links.Count;

        Assert.Equal(IdentityOutcome.Erased, run.Apply(Customer("crm", "1", "ann@example.com", created: 1)));
        Assert.Equal(IdentityOutcome.Erased, run.Apply(Order("shop", "o9", customerId: "u9", email: " ANN@example.com", day: 5)));
        Assert.Equal(IdentityOutcome.Erased, run.Apply(Web("e9", 6, type: "login", user: "1", userSource: "crm", device: "d9")));
        Assert.Equal(facts, run.Facts.Count);
        Assert.Equal(links, run.Links.Count);
        Assert.Null(run.Engine.Resolve(Identifier.Parse("shop:u9")));
        Assert.Null(run.Engine.Resolve(Identifier.Parse("device:d9")));

        Assert.Equal(IdentityOutcome.Applied, run.Apply(Customer("crm", "2", "bob@example.com", created: 1)));
        Assert.NotNull(run.Engine.Resolve(Identifier.Parse("crm:2")));
    }

    [Fact]
    public void A_person_is_found_by_an_alias_and_a_request_repeated_changes_nothing()
    {
        // crm:2 is acquired first: the customer is named after it, and the ID crm:1 derives is an alias.
        var run = StitchRun.Of([
            Customer("crm", "1", "ann@example.com", created: 5),
            Customer("crm", "2", "ann@example.com", created: 1),
        ]);
        var customer = run.CustomerOf("crm:1");
        var alias = Customer360Id.From(Identifier.Parse("crm:1")).Value;
        Assert.NotEqual(customer, alias);

        run.Apply(new ErasureRequest { ErasureId = "era-1", Subject = alias, SubjectKind = ErasureRequest.CustomerIdKind });
        Assert.Equal(customer, Assert.Single(run.Erasures).CustomerId);
        var facts = run.Facts.Count;

        Assert.Equal(IdentityOutcome.NotNewer, run.Apply(new ErasureRequest { ErasureId = "era-2", Subject = alias, SubjectKind = ErasureRequest.CustomerIdKind }));
        Assert.Equal(facts, run.Facts.Count);
        Assert.Single(run.Erasures);
    }

    [Fact]
    public void A_person_erased_before_their_records_arrive_is_never_stitched()
    {
        var run = new StitchRun();
        run.Apply(Erasure("ann@example.com"));

        Assert.Equal(IdentityOutcome.Erased, run.Apply(Customer("crm", "1", "ann@example.com", created: 1)));
        Assert.Empty(run.Facts);
        Assert.Empty(run.Links);
    }

    [Fact]
    public void A_shared_device_stays_with_the_other_user_and_the_forgotten_persons_anonymous_events_go()
    {
        var run = StitchRun.Of([
            Customer("shop", "ann", "ann@example.com", created: 1),
            Customer("shop", "bob", "bob@example.com", created: 1),
            Web("a1", 2, type: "login", device: "d1", user: "ann"),
            Web("a2", 2.5, device: "d1"), // Ann's (after her login)
            Web("b1", 3, type: "login", device: "d1", user: "bob"),
            Web("b2", 3.5, device: "d1"), // Bob's
        ]);
        var bob = run.CustomerOf("shop:bob");

        run.Apply(Erasure("shop:ann"));

        Assert.Equal(bob, run.Engine.Resolve(Identifier.Parse("device:d1")));
        Assert.Equal(bob, run.OwnerOfEvent("b2"));
        Assert.Equal(bob, run.Links.Last(l => l.Identifier == "device:d1").CustomerId);

        // The device is Bob's from his login on; a later anonymous event at Ann's time has no owner left but Bob.
        Assert.Equal(IdentityOutcome.Applied, run.Apply(Web("x1", 2.7, device: "d1")));
        Assert.Equal(bob, run.OwnerOfEvent("x1"));
        Assert.Equal(IdentityOutcome.Applied, run.Apply(Web("b3", 4, type: "login", device: "d1", user: "bob")));
    }

    [Fact]
    public void A_graph_stored_before_the_derived_id_index_gets_it_once_and_its_people_can_be_forgotten()
    {
        var bytes = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var store = new Bytes(bytes);
        var output = new StitchRun();
        var state = new StoredIdentityState(store, 10);
        var engine = new IdentityEngine(state, output);
        engine.Process(Customer("crm", "1", "ann@example.com", created: 1));
        engine.Process(Customer("crm", "2", "bob@example.com", created: 1));
        state.Flush();

        // As an older version stored it: no index.
        foreach (var key in bytes.Keys.Where(k => k.StartsWith("d:", StringComparison.Ordinal) || k.StartsWith("index:", StringComparison.Ordinal)).ToList())
        {
            bytes.Remove(key);
        }

        var upgraded = new StoredIdentityState(store, 10);
        Assert.Equal(4, upgraded.EnsureDerivedIndex(() => bytes.Where(e => e.Key.StartsWith("i:", StringComparison.Ordinal)).ToList()));
        upgraded.Flush();
        Assert.Equal(0, new StoredIdentityState(store, 10).EnsureDerivedIndex(() => throw new InvalidOperationException("the index is there")));

        var after = new IdentityEngine(new StoredIdentityState(store, 10), output);
        Assert.Equal(ErasureOutcome.Erased, after.Erase(Erasure("crm:1")));
        Assert.Null(after.Resolve(Identifier.Parse("email:ann@example.com")));
        Assert.NotNull(after.Resolve(Identifier.Parse("crm:2")));
    }

    private sealed class Bytes(Dictionary<string, byte[]> data) : IKeyValueBytes
    {
        public byte[]? Get(string key) => data.GetValueOrDefault(key);

        public void Put(string key, byte[] value) => data[key] = value;

        public void Delete(string key) => data.Remove(key);
    }

    private static ErasureRequest Erasure(string identifier) => new()
    {
        ErasureId = $"era-{identifier}",
        Subject = Customer360Id.From(Identifier.Parse(identifier.Contains(':', StringComparison.Ordinal) ? identifier : $"email:{identifier}")).Value,
        SubjectKind = ErasureRequest.IdentifierKind,
        RequestedAt = T0,
    };
}
