using CustomerStream.Aggregator.Tests.Support;

namespace CustomerStream.Aggregator.Tests;

public sealed class WebFigureTests
{
    private readonly FactFeed _facts = new();
    private readonly AggregatorHarness _aggregator = new();

    private CustomerView C1 => _aggregator.View.Customers["c1"];

    [Fact]
    public void Web_sessions_are_distinct_session_ids_and_page_views_count_page_view_events()
    {
        _aggregator.Batch(
            _facts.Web("c1", "e1", "2024-03-01T10:00:00Z", "page_view", "s1"),
            _facts.Web("c1", "e2", "2024-03-01T10:01:00Z", "page_view", "s1"),
            _facts.Web("c1", "e3", "2024-03-01T10:02:00Z", "click", "s1"),
            _facts.Web("c1", "e4", "2024-03-05T10:00:00Z", "add_to_cart", "s2"),
            _facts.Web("c1", "e5", "2024-03-06T10:00:00Z", "page_view", null));

        var march = C1.Rows[Keys.Month("2024-03")];
        Assert.Equal(2, march.WebSessions);
        Assert.Equal(3, march.PageViews);
        Assert.Equal(0, march.OrderCount);
        Assert.Null(march.FirstOrderTs);
        Assert.Equal(2, C1.Summary!.WebSessions);
        Assert.Equal(3, C1.Summary.PageViews);
    }

    [Fact]
    public void A_session_spanning_two_months_counts_in_both_months_and_once_in_their_quarter()
    {
        _aggregator.Batch(
            _facts.Web("c1", "e1", "2024-01-31T23:59:00Z", "page_view", "s1"),
            _facts.Web("c1", "e2", "2024-02-01T00:01:00Z", "page_view", "s1"));

        Assert.Equal(1, C1.Rows[Keys.Month("2024-01")].WebSessions);
        Assert.Equal(1, C1.Rows[Keys.Month("2024-02")].WebSessions);
        Assert.Equal(1, C1.Rows[Keys.Quarter("2024-01")].WebSessions);
        Assert.Equal(2, C1.Rows[Keys.Quarter("2024-01")].PageViews);
    }

    [Fact]
    public void Retracting_one_of_two_events_of_a_session_keeps_the_session()
    {
        _aggregator.Batch(
            _facts.Web("c1", "e1", "2024-03-01", "page_view", "s1"),
            _facts.Web("c1", "e2", "2024-03-02", "click", "s1"));
        _aggregator.Batch(_facts.Retract("c1", "e1", "2024-03-01", "page_view", "s1"));

        Assert.Equal(1, C1.Rows[Keys.Month("2024-03")].WebSessions);
        Assert.Equal(0, C1.Rows[Keys.Month("2024-03")].PageViews);

        _aggregator.Batch(_facts.Retract("c1", "e2", "2024-03-02", "click", "s1"));
        Assert.False(C1.Rows.ContainsKey(Keys.Month("2024-03")));
        Assert.Equal(0, C1.Summary!.WebSessions);
    }

    [Fact]
    public void Apply_then_retract_and_retract_then_apply_end_in_the_same_state_when_seq_decides()
    {
        // The identity service moves event e1 from c1 to c2: RETRACT to c1 (seq 2) and APPLY to c2 (seq 3).
        // A retraction may reach a customer before the application it undoes (e.g. inside a merge).
        var apply = _facts.Web("c1", "e1", "2024-03-01");
        var retract = _facts.Retract("c1", "e1", "2024-03-01");

        var inOrder = new AggregatorHarness();
        inOrder.Batch(apply);
        inOrder.Batch(retract);

        var reversed = new AggregatorHarness();
        reversed.Batch(retract);
        Assert.Equal(Domain.FactOutcome.Applied, reversed.LastOutcome);
        reversed.Batch(apply);
        Assert.Equal(Domain.FactOutcome.Duplicate, reversed.LastOutcome);

        Assert.False(inOrder.View.Customers["c1"].Rows.ContainsKey(Keys.Month("2024-03")));
        Assert.False(reversed.View.Customers.TryGetValue("c1", out var c1) && c1.Rows.Count > 0);
        Assert.False(inOrder.StateOf("c1")!.WebEvents["e1"].Present);
        Assert.False(reversed.StateOf("c1")!.WebEvents["e1"].Present);
    }

    [Fact]
    public void A_retraction_travelling_inside_a_merged_state_beats_an_older_application()
    {
        // c2 holds e1 applied at seq 1; c1 holds the retraction at seq 2; c2 merges into c1 → e1 stays retracted.
        _aggregator.Batch(_facts.Web("c2", "e1", "2024-03-01"));
        _aggregator.Batch(_facts.Retract("c1", "e1", "2024-03-01"), _facts.Web("c1", "e2", "2024-03-01", "page_view", "s9"));
        _aggregator.Batch(_facts.Merge("c2", "c1"));

        var march = C1.Rows[Keys.Month("2024-03")];
        Assert.Equal(1, march.PageViews);
        Assert.Equal(1, march.WebSessions);
        Assert.False(_aggregator.View.Customers.ContainsKey("c2"));
    }

    [Fact]
    public void A_late_web_event_updates_its_old_month()
    {
        _aggregator.Batch(_facts.Web("c1", "e1", "2024-06-01", "page_view", "s1"));
        var change = Assert.Single(_aggregator.Batch(_facts.Web("c1", "e0", "2023-11-30", "page_view", "s0")));

        Assert.Equal(1, C1.Rows[Keys.Month("2023-11")].PageViews);
        Assert.Equal(1, C1.Rows[Keys.Month("2024-06")].PageViews);
        Assert.Equal(2, C1.Summary!.WebSessions);
        Assert.Equal(3, change.Periods.Count);
    }
}
