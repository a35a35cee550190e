using System.Diagnostics;
using CustomerStream.Cli.Bench;

namespace CustomerStream.Cli.Tests;

/// <summary>How <c>bench --faults</c> cuts the feed's orders around one fault (pure arithmetic on timestamps).</summary>
public sealed class FaultWindowTests
{
    private static readonly long Second = Stopwatch.Frequency;

    [Fact]
    public void Orders_are_counted_in_the_window_they_were_accepted_in_and_catch_up_waits_for_the_last_order_accepted_before_the_fault_ended()
    {
        // The fault lasts from 10 s to 15 s, its settle period to 30 s.
        var samples = new[]
        {
            new FeedSample(5 * Second, 6 * Second, Retried: false), // before: only counts for catch-up
            new FeedSample(11 * Second, 25 * Second, Retried: false), // during, seen 10 s after the fault ended
            new FeedSample(14 * Second, 16 * Second, Retried: true),
            new FeedSample(20 * Second, 21 * Second, Retried: true), // after
            new FeedSample(31 * Second, null, Retried: false), // beyond the settle period, and never seen
        };

        var window = FaultWindow.Of("f", "what", samples, 10 * Second, 15 * Second, 30 * Second, []);

        Assert.Equal(2, window.OrdersDuring);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(14)], window.During);
        Assert.Equal(TimeSpan.FromSeconds(10), window.CatchUp);
        Assert.Equal(1, window.OrdersAfter);
        Assert.Equal([TimeSpan.FromSeconds(1)], window.After);
        Assert.Equal(2, window.Retried);
        Assert.Equal(TimeSpan.FromSeconds(5), window.Held);
    }

    [Fact]
    public void A_fault_after_which_everything_was_already_in_the_marts_has_no_catch_up()
    {
        var samples = new[] { new FeedSample(11 * Second, 12 * Second, Retried: false) };

        var window = FaultWindow.Of("f", "what", samples, 10 * Second, 15 * Second, 30 * Second, []);

        Assert.Equal(TimeSpan.Zero, window.CatchUp);
        Assert.Equal(0, window.OrdersAfter);
        Assert.Empty(window.After);
    }
}
