using Confluent.Kafka;

namespace CustomerStream.Kafka.Inspection;

/// <summary>
/// Looks, at a fixed interval while a pipeline runs, whether retention removed records some consumer group had not
/// committed yet, and keeps every such gap (offset ranges, so the same gap seen twice counts once). A group that
/// skips a gap and commits beyond it shows no loss at the end; looking while it runs catches the gap before that.
/// </summary>
public sealed class RetentionWatch : IAsyncDisposable
{
    private readonly ConsumerPositionReader _reader;
    private readonly IReadOnlyList<ConsumerGroupTopics> _consumers;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<(string Topic, int Partition, string Group), List<(long From, long To)>> _gaps = [];
    private readonly Lock _gate = new();
    private readonly Task _loop;

    private RetentionWatch(ConsumerPositionReader reader, IReadOnlyList<ConsumerGroupTopics> consumers, TimeSpan interval)
    {
        _reader = reader;
        _consumers = consumers;
        _loop = Task.Run(() => LoopAsync(interval, _stop.Token));
    }

    /// <summary>Looks that failed (the cluster did not answer); the watch keeps looking.</summary>
    public int FailedLooks { get; private set; }

    /// <summary>Starts watching <paramref name="consumers"/> through <paramref name="reader"/> every <paramref name="interval"/>.</summary>
    public static RetentionWatch Start(ConsumerPositionReader reader, IEnumerable<ConsumerGroupTopics> consumers, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(consumers);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return new RetentionWatch(reader, consumers.ToList(), interval);
    }

    /// <summary>Looks once more now and returns every loss seen since the start, largest first.</summary>
    public async Task<IReadOnlyList<RetentionLoss>> LossesAsync(CancellationToken cancellationToken)
    {
        await LookAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return _gaps
                .Select(g => new RetentionLoss(g.Key.Topic, g.Key.Partition, g.Key.Group, g.Value.Sum(r => r.To - r.From)))
                .OrderByDescending(l => l.Records)
                .ThenBy(l => l.Topic, StringComparer.Ordinal)
                .ThenBy(l => l.Partition)
                .ToList();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task LoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await LookAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (KafkaException)
            {
                FailedLooks++;
            }
        }
    }

    private async Task LookAsync(CancellationToken cancellationToken)
    {
        foreach (var consumer in _consumers)
        {
            foreach (var partition in await _reader.ReadAsync(consumer.Topics, [consumer.Group], cancellationToken).ConfigureAwait(false))
            {
                if (partition.LostTo(consumer.Group) > 0)
                {
                    Add((partition.Topic, partition.Partition, consumer.Group), partition.Committed[consumer.Group] ?? 0, partition.LogStart);
                }
            }
        }
    }

    private void Add((string, int, string) key, long from, long to)
    {
        lock (_gate)
        {
            if (!_gaps.TryGetValue(key, out var ranges))
            {
                _gaps[key] = ranges = [];
            }

            ranges.Add((from, to));
            ranges.Sort();
            var merged = new List<(long From, long To)>();
            foreach (var range in ranges)
            {
                if (merged.Count > 0 && range.From <= merged[^1].To)
                {
                    merged[^1] = (merged[^1].From, Math.Max(merged[^1].To, range.To));
                }
                else
                {
                    merged.Add(range);
                }
            }

            _gaps[key] = merged;
        }
    }
}
