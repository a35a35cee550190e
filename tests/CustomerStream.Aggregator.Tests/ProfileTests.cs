using CustomerStream.Aggregator.Tests.Support;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Aggregator.Tests;

public sealed class ProfileTests
{
    private readonly FactFeed _facts = new();
    private readonly AggregatorHarness _aggregator = new();

    private CustomerView C1 => _aggregator.View.Customers["c1"];

    [Fact]
    public void A_web_visitor_without_strong_identifier_is_anonymous()
    {
        _aggregator.Batch(_facts.Identifier("c1", "device:d1"), _facts.Identifier("c1", "cookie:k1"), _facts.Web("c1", "e1", "2024-01-01"));

        Assert.Equal(VisibilityStatus.ANONYMOUS, C1.Summary!.VisibilityStatus);
        Assert.Equal(["cookie:k1", "device:d1"], C1.Summary.Identifiers);
    }

    [Theory]
    [InlineData("email:ann@example.com")]
    [InlineData("shop:u-77")]
    public void A_strong_identifier_makes_a_visible_customer(string identifier)
    {
        _aggregator.Batch(_facts.Identifier("c1", "device:d1"), _facts.Identifier("c1", identifier));

        Assert.Equal(VisibilityStatus.VISIBLE, C1.Summary!.VisibilityStatus);
    }

    [Fact]
    public void Any_test_record_makes_the_customer_test_even_when_deleted()
    {
        _aggregator.Batch(
            _facts.Customer("c1", "1", "2024-01-01", status: CustomerStatus.DELETED),
            _facts.Customer("c1", "2", "2024-01-01", source: "erp", status: CustomerStatus.DELETED, isTest: true));

        Assert.Equal(VisibilityStatus.TEST, C1.Summary!.VisibilityStatus);
    }

    [Fact]
    public void Test_flag_is_read_from_the_latest_version_of_each_record()
    {
        _aggregator.Batch(_facts.Customer("c1", "1", "2024-01-01", isTest: true));
        Assert.Equal(VisibilityStatus.TEST, C1.Summary!.VisibilityStatus);

        _aggregator.Batch(_facts.Customer("c1", "1", "2024-02-01", isTest: false));
        Assert.Equal(VisibilityStatus.VISIBLE, C1.Summary!.VisibilityStatus);
    }

    [Fact]
    public void Deleted_only_when_every_record_is_deleted_in_its_latest_version()
    {
        _aggregator.Batch(
            _facts.Customer("c1", "1", "2024-01-01", status: CustomerStatus.DELETED),
            _facts.Customer("c1", "2", "2024-01-01", source: "erp", status: CustomerStatus.INACTIVE));
        Assert.Equal(VisibilityStatus.VISIBLE, C1.Summary!.VisibilityStatus);

        _aggregator.Batch(_facts.Customer("c1", "2", "2024-03-01", source: "erp", status: CustomerStatus.DELETED));
        Assert.Equal(VisibilityStatus.DELETED, C1.Summary!.VisibilityStatus);

        _aggregator.Batch(_facts.Customer("c1", "1", "2024-04-01", status: CustomerStatus.ACTIVE));
        Assert.Equal(VisibilityStatus.VISIBLE, C1.Summary!.VisibilityStatus);
    }

    [Fact]
    public void A_customer_known_only_from_orders_with_an_email_is_visible_and_not_deleted()
    {
        _aggregator.Batch(_facts.Identifier("c1", "email:ann@example.com"), _facts.Order("c1", "o1", "2024-01-01", email: "ann@example.com"));

        Assert.Equal(VisibilityStatus.VISIBLE, C1.Summary!.VisibilityStatus);
        Assert.Equal("ann@example.com", C1.Summary.Email);
    }

    [Fact]
    public void Name_phone_city_and_country_come_from_the_most_recently_updated_record_as_a_whole()
    {
        _aggregator.Batch(
            _facts.Customer("c1", "1", "2024-01-01", firstName: "Ann", lastName: "Lee", country: "DE", city: "Berlin", phone: "+49"),
            _facts.Customer("c1", "9", "2024-05-01", source: "erp", firstName: "Anna", lastName: null, country: "AT", city: null));

        Assert.Equal("Anna", C1.Summary!.FirstName);
        Assert.Null(C1.Summary.LastName);
        Assert.Equal("AT", C1.Summary.Country);
        Assert.Null(C1.Summary.City);
        Assert.Null(C1.Summary.Phone);
    }

    [Fact]
    public void Email_comes_from_the_most_recent_record_of_any_kind_carrying_a_valid_one()
    {
        _aggregator.Batch(_facts.Customer("c1", "1", "2024-01-01", email: "crm@example.com"));
        Assert.Equal("crm@example.com", C1.Summary!.Email);

        _aggregator.Batch(_facts.Order("c1", "o1", "2024-02-01", email: "order@example.com"));
        Assert.Equal("order@example.com", C1.Summary!.Email);

        _aggregator.Batch(_facts.Web("c1", "e1", "2024-03-01", "login", email: "web@example.com"));
        Assert.Equal("web@example.com", C1.Summary!.Email);

        // A newer record without an e-mail does not take it away; a newer customer-master version with one does.
        _aggregator.Batch(_facts.Customer("c1", "1", "2024-04-01", email: null));
        Assert.Equal("web@example.com", C1.Summary!.Email);
        _aggregator.Batch(_facts.Customer("c1", "1", "2024-05-01", email: "new@example.com"));
        Assert.Equal("new@example.com", C1.Summary!.Email);

        // A retracted web event no longer offers its e-mail.
        _aggregator.Batch(_facts.Web("c1", "e2", "2024-06-01", "login", email: "late@example.com"));
        Assert.Equal("late@example.com", C1.Summary!.Email);
        _aggregator.Batch(_facts.Retract("c1", "e2", "2024-06-01", "login"));
        Assert.Equal("new@example.com", C1.Summary!.Email);
    }

    [Fact]
    public void Acquisition_is_taken_from_the_identity_service_and_only_moves_earlier()
    {
        _aggregator.Batch(_facts.Acquisition("c1", "2024-03-01", "shop"));
        _aggregator.Batch(_facts.Acquisition("c1", "2023-01-10", "crm"));

        Assert.Equal(T.Of("2023-01-10"), C1.Summary!.AcquisitionTs);
        Assert.Equal("crm", C1.Summary.AcquisitionSource);

        // Identity never moves it later; a fact that would (e.g. replayed out of a merged state) changes nothing.
        Assert.Empty(_aggregator.Batch(_facts.Acquisition("c1", "2023-05-01", "web")));
        Assert.Equal("crm", C1.Summary.AcquisitionSource);
    }

    [Fact]
    public void Each_change_increments_the_version_and_profile_events_name_the_changed_fields()
    {
        _aggregator.Batch(_facts.Customer("c1", "1", "2024-01-01", firstName: "Ann"));
        _aggregator.Batch(_facts.Order("c1", "o1", "2024-02-01", 10m));
        _aggregator.Batch(_facts.Order("c1", "o1", "2024-02-01", 10m, category: "books", updatedAt: "2024-02-02"));

        Assert.Equal([1L, 2L, 3L], _aggregator.Changes.Select(c => c.Version));
        Assert.Equal(2, _aggregator.ProfileChanges.Count);
        var first = _aggregator.ProfileChanges[0];
        Assert.Equal(Domain.ProfileFields.All, first.ChangedFields);
        Assert.Equal("c1:1", first.EventId);
        var second = _aggregator.ProfileChanges[1];
        Assert.Equal(2, second.Version);
        Assert.Equal(["lifetime_value", "total_transactions", "first_transaction_ts", "last_transaction_ts"], second.ChangedFields);
        Assert.Equal(10m, second.Profile.LifetimeValue);
        Assert.Equal("Ann", second.Profile.FirstName);

        // A new version that changes no figure still carries the order row, but no profile event.
        var third = _aggregator.Changes[2];
        Assert.Equal("books", Assert.Single(third.Orders).Category);
        Assert.Empty(third.Periods);
    }

    [Fact]
    public void Many_facts_of_one_customer_in_one_batch_make_one_change()
    {
        var changes = _aggregator.Batch(
            _facts.Customer("c1", "1", "2024-01-01"),
            _facts.Order("c1", "o1", "2024-02-01"),
            _facts.Order("c1", "o2", "2024-02-03"),
            _facts.Web("c1", "e1", "2024-02-03"),
            _facts.Identifier("c1", "crm:1"),
            _facts.Order("c2", "o3", "2024-02-03"));

        Assert.Equal(2, changes.Count);
        var c1 = changes.Single(c => c.CustomerId == "c1");
        Assert.Equal(1, c1.Version);
        Assert.Equal(2, c1.Orders.Count);
        Assert.Equal(2, _aggregator.ProfileChanges.Count);
    }

    [Fact]
    public void Duplicate_facts_after_an_upstream_replay_are_dropped_by_seq()
    {
        var order = _facts.Order("c1", "o1", "2024-02-01", 10m);
        var web = _facts.Web("c1", "e1", "2024-02-01");
        _aggregator.Batch(order, web);

        Assert.Empty(_aggregator.Batch(order, web));
        Assert.Equal(Domain.FactOutcome.Duplicate, _aggregator.LastOutcome);
        Assert.Equal(10m, C1.Rows[Keys.Month("2024-02")].Revenue);
        Assert.Equal(1, C1.Rows[Keys.Month("2024-02")].PageViews);
    }

    [Fact]
    public void A_fact_that_changes_nothing_visible_emits_nothing()
    {
        _aggregator.Batch(_facts.Identifier("c1", "crm:1"), _facts.Acquisition("c1", "2024-01-01", "crm"));

        Assert.Empty(_aggregator.Batch(_facts.Identifier("c1", "crm:1"), _facts.Acquisition("c1", "2024-01-01", "crm")));
        Assert.Empty(_aggregator.Batch(_facts.Retract("c1", "e-unknown", "2024-01-01")));
    }

    [Fact]
    public void A_change_takes_its_batch_version_so_a_new_epoch_lifts_it_above_anything_a_crashed_predecessor_may_have_published()
    {
        var store = new InMemoryStates(serialize: true);
        var aggregator = new Domain.CustomerAggregator(store);
        var epoch = 1L << Streaming.Processing.BatchVersions.SequenceBits;
        aggregator.Apply(_facts.Order("c1", "o1", "2024-02-01"));
        var first = aggregator.EndBatch(T.Of("2025-01-01"), batchVersion: epoch | 3);
        store.Commit();
        aggregator.Apply(_facts.Order("c1", "o2", "2024-02-01"));
        var second = aggregator.EndBatch(T.Of("2025-01-01"), batchVersion: (2 * epoch) | 0);
        store.Commit();
        aggregator.Apply(_facts.Order("c1", "o3", "2024-02-01"));
        var third = aggregator.EndBatch(T.Of("2025-01-01"), batchVersion: (2 * epoch) | 1);

        Assert.Equal(epoch | 3, Assert.Single(first.Changes).Version);
        Assert.Equal(2 * epoch, Assert.Single(second.Changes).Version);
        Assert.Equal((2 * epoch) | 1, Assert.Single(third.Changes).Version);
        Assert.Equal((2 * epoch) | 1, Assert.Single(third.ProfileChanges).Version);
    }

    [Fact]
    public void The_first_change_of_a_new_epoch_republishes_the_profile_even_without_a_changed_field()
    {
        var store = new InMemoryStates(serialize: true);
        var aggregator = new Domain.CustomerAggregator(store);
        var epoch = 1L << Streaming.Processing.BatchVersions.SequenceBits;
        aggregator.Apply(_facts.Order("c1", "o1", "2024-02-01", 10m));
        aggregator.EndBatch(T.Of("2025-01-01"), batchVersion: epoch | 5);
        store.Commit();

        // A restarted task (a new epoch) replays a batch whose net effect on the profile is nothing.
        var restarted = new Domain.CustomerAggregator(store);
        restarted.Apply(_facts.Order("c1", "o1", "2024-02-01", 10m, category: "x", updatedAt: "2024-02-02"));
        var batch = restarted.EndBatch(T.Of("2025-01-01"), batchVersion: 3 * epoch);
        store.Commit();

        var profile = Assert.Single(batch.ProfileChanges);
        Assert.Empty(profile.ChangedFields);
        Assert.Equal(3 * epoch, profile.Version);
        Assert.Equal(10m, profile.Profile.LifetimeValue);

        restarted.Apply(_facts.Order("c1", "o1", "2024-02-01", 10m, category: "y", updatedAt: "2024-02-03"));
        Assert.Empty(restarted.EndBatch(T.Of("2025-01-01"), batchVersion: (3 * epoch) | 1).ProfileChanges);
    }
}
