namespace CustomerStream.Customer360.Pipeline;

/// <summary>
/// The looks of the last minutes and what they say: per stage its lag, its throughput (records processed per
/// second between two looks) and its freshness. Freshness needs no record timestamps: a stage whose processed
/// count has reached the log end an earlier look saw has processed everything that existed then, so it is as
/// fresh as that look is old. Pure arithmetic over the samples; thread-safe.
/// </summary>
internal sealed class PipelineHistory(IReadOnlyList<PipelineStageDefinition> stages, TimeSpan keep)
{
    // Throughput is averaged over this much time, so one slow look does not make the figure jump.
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);
    private readonly List<PipelineSample> _samples = [];
    private readonly Lock _gate = new();

    public void Add(PipelineSample sample)
    {
        lock (_gate)
        {
            _samples.Add(sample);
            var cutoff = sample.At - keep;
            var old = _samples.FindIndex(s => s.At >= cutoff);
            if (old > 0)
            {
                _samples.RemoveRange(0, old);
            }
        }
    }

    public PipelineStatus Status(int sampleSeconds, string? error)
    {
        PipelineSample[] samples;
        lock (_gate)
        {
            samples = [.. _samples];
        }

        if (samples.Length == 0)
        {
            return new PipelineStatus(null, sampleSeconds, 0, 0,
                stages.Select(s => new PipelineStageStatus(s.Name, s.GroupId, s.Topics, 0, null, 0, null, null, null, [])).ToList(), error);
        }

        var last = samples.Length - 1;
        var statuses = new List<PipelineStageStatus>(stages.Count);
        for (var stage = 0; stage < stages.Count; stage++)
        {
            var history = new List<PipelinePoint>(samples.Length);
            for (var k = 0; k < samples.Length; k++)
            {
                history.Add(new PipelinePoint(samples[k].At, samples[k].Stages[stage].Lag, Rate(samples, k, stage), Freshness(samples, k, stage).Seconds));
            }

            var now = samples[last].Stages[stage];
            var (freshness, atLeast) = Freshness(samples, last, stage);
            var definition = stages[stage];
            statuses.Add(new PipelineStageStatus(definition.Name, definition.GroupId, definition.Topics, now.Processed, now.Lag,
                history[last].RecordsPerSecond, freshness, atLeast, now.DeadLettered, history));
        }

        var from = WindowStart(samples, last);
        var seconds = (samples[last].At - samples[from].At).TotalSeconds;
        var rejectedRate = seconds > 0 ? (samples[last].Rejected - samples[from].Rejected) / seconds : 0;
        return new PipelineStatus(samples[last].At, sampleSeconds, samples[last].Rejected, Math.Round(rejectedRate, 1), statuses, error);
    }

    /// <summary>Records processed per second over the <see cref="RateWindow"/> before look <paramref name="k"/>.</summary>
    internal static double Rate(IReadOnlyList<PipelineSample> samples, int k, int stage)
    {
        var from = WindowStart(samples, k);
        var seconds = (samples[k].At - samples[from].At).TotalSeconds;
        return seconds <= 0 ? 0 : Math.Round(Math.Max(0, samples[k].Stages[stage].Processed - samples[from].Stages[stage].Processed) / seconds, 1);
    }

    /// <summary>
    /// Seconds since the latest look whose log end the stage has processed by look <paramref name="k"/>: 0 when it
    /// has nothing left; null (with how long at least) when no kept look is old enough; null for a stage without a group.
    /// </summary>
    internal static (double? Seconds, double? AtLeast) Freshness(IReadOnlyList<PipelineSample> samples, int k, int stage)
    {
        var position = samples[k].Stages[stage];
        if (position.Lag is not { } lag)
        {
            return (null, null);
        }

        if (lag == 0)
        {
            return (0, null);
        }

        for (var j = k - 1; j >= 0; j--)
        {
            if (samples[j].Stages[stage].End <= position.Processed)
            {
                return (Math.Round((samples[k].At - samples[j].At).TotalSeconds, 1), null);
            }
        }

        return (null, Math.Round((samples[k].At - samples[0].At).TotalSeconds, 1));
    }

    private static int WindowStart(IReadOnlyList<PipelineSample> samples, int k)
    {
        var from = k;
        while (from > 0 && samples[k].At - samples[from - 1].At <= RateWindow)
        {
            from--;
        }

        return from == k && k > 0 ? k - 1 : from;
    }
}
