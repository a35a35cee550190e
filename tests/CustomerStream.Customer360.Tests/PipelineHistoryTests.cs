using CustomerStream.Customer360.Pipeline;

namespace CustomerStream.Customer360.Tests;

/// <summary>Lag, throughput and freshness as the pipeline view derives them from looks at the cluster.</summary>
public sealed class PipelineHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<PipelineStageDefinition> Stages =
        [new("ingest", null, ["in"]), new("identity", "g", ["in"])];

    [Fact]
    public void A_stage_that_caught_up_is_fresh_and_one_behind_is_as_old_as_the_look_whose_end_it_reached()
    {
        var history = new PipelineHistory(Stages, TimeSpan.FromMinutes(10));
        // Ingest writes 100 records every 2 s; identity follows 4 s behind, then catches up.
        history.Add(Look(0, written: 100, processed: 0));
        history.Add(Look(2, written: 200, processed: 0));
        history.Add(Look(4, written: 300, processed: 100));
        history.Add(Look(6, written: 400, processed: 200));

        var status = history.Status(2, error: null);
        var identity = status.Stages[1];
        Assert.Equal(200L, identity.Lag);
        Assert.Equal(4.0, identity.FreshnessSeconds);
        Assert.Null(identity.FreshnessAtLeastSeconds);
        Assert.Equal(200.0 / 6, identity.RecordsPerSecond, 1);
        Assert.Equal(4, identity.History.Count);
        Assert.Equal(50.0, status.Stages[0].RecordsPerSecond);
        Assert.Null(status.Stages[0].Lag);
        Assert.Null(status.Stages[0].FreshnessSeconds);

        history.Add(Look(8, written: 400, processed: 400));
        Assert.Equal(0.0, history.Status(2, null).Stages[1].FreshnessSeconds);
    }

    [Fact]
    public void A_stage_behind_every_kept_look_says_how_long_at_least()
    {
        var history = new PipelineHistory(Stages, TimeSpan.FromMinutes(10));
        history.Add(Look(0, written: 100, processed: 10));
        history.Add(Look(5, written: 100, processed: 20));
        var identity = history.Status(5, null).Stages[1];
        Assert.Null(identity.FreshnessSeconds);
        Assert.Equal(5.0, identity.FreshnessAtLeastSeconds);
        Assert.Equal(80L, identity.Lag);
    }

    [Fact]
    public void Looks_older_than_the_history_are_forgotten_and_rejections_have_a_rate()
    {
        var history = new PipelineHistory(Stages, TimeSpan.FromSeconds(30));
        for (var second = 0; second <= 60; second += 10)
        {
            history.Add(Look(second, written: second * 10, processed: second * 10, rejected: second));
        }

        var status = history.Status(10, "Kafka did not answer: test");
        Assert.Equal(4, status.Stages[1].History.Count);
        Assert.Equal(T0.AddSeconds(60), status.SampledAt);
        Assert.Equal(60L, status.RejectedRecords);
        Assert.Equal(1.0, status.RejectedPerSecond);
        Assert.Equal("Kafka did not answer: test", status.Error);
    }

    [Fact]
    public void Before_the_first_look_every_stage_is_listed_without_figures()
    {
        var status = new PipelineHistory(Stages, TimeSpan.FromMinutes(1)).Status(2, null);
        Assert.Null(status.SampledAt);
        Assert.Equal(["ingest", "identity"], status.Stages.Select(s => s.Name));
        Assert.All(status.Stages, s => Assert.Empty(s.History));
    }

    private static PipelineSample Look(int second, long written, long processed, long rejected = 0) =>
        new(T0.AddSeconds(second), [new StagePosition(written, written, null), new StagePosition(processed, written, written - processed)], rejected);
}
