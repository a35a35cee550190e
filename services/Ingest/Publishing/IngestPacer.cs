using System.Collections.Concurrent;
using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Kafka.Inspection;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Ingest.Publishing;

/// <summary>
/// Keeps ingest at most <see cref="IngestPacingOptions.MaxLeadPerPartition"/> records ahead of the slowest consumer
/// group on every partition of each ingest topic: a cluster that keeps only the newest records of a partition would
/// otherwise drop records nobody has read. Shared by every file and request of the process.
/// </summary>
/// <remarks>
/// A look at the consumers' committed offsets costs a few requests, so it is not made per record: each look grants
/// an allowance (the room left on the fullest partition, times the partitions, less what is produced but not yet
/// acknowledged), records are admitted against it without any request, and the next look comes when it is used up
/// or older than two seconds. When there is no room, ingest waits, looking every <see cref="IngestPacingOptions.PollInterval"/>,
/// until the lead is down to three quarters of the bound.
/// </remarks>
public sealed partial class IngestPacer : IDisposable
{
    private readonly ConcurrentDictionary<string, PacedTopic> _topics = new(StringComparer.Ordinal);
    private readonly ConsumerPositionReader? _reader;
    private readonly ILogger<IngestPacer> _logger;
    private long _waitedTicks;

    /// <param name="options">The bound, the groups and the timings.</param>
    /// <param name="reader">Reads the groups' positions; null turns pacing off.</param>
    /// <param name="logger">Says when ingest waits and goes on, and when records were lost.</param>
    public IngestPacer(IngestPacingOptions options, ConsumerPositionReader? reader, ILogger<IngestPacer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        Options = options;
        Groups = options.ConsumerGroups.Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g.Trim()).Distinct(StringComparer.Ordinal).ToList();
        _reader = Groups.Count > 0 ? reader : null;
        _logger = logger;
    }

    public IngestPacingOptions Options { get; }

    /// <summary>The consumer groups waited for.</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>Whether ingest is paced at all (a reader and at least one group).</summary>
    public bool IsActive => _reader is not null;

    /// <summary>How long ingest has waited for the consumers in all, since the process started.</summary>
    public TimeSpan Waited => TimeSpan.FromTicks(Interlocked.Read(ref _waitedTicks));

    public void Dispose() => _reader?.Dispose();

    /// <summary>The pacing of <paramref name="topic"/>, or null when ingest is not paced.</summary>
    internal PacedTopic? For(string topic) => IsActive ? _topics.GetOrAdd(topic, static (name, pacer) => new PacedTopic(pacer, name), this) : null;

    private void AddWaited(TimeSpan waited) => Interlocked.Add(ref _waitedTicks, waited.Ticks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest waits for the pipeline: group {Group} is {Behind} records behind on {Topic} (at most {Bound} per partition)")]
    private partial void LogWaiting(string topic, string group, long behind, long bound);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingest goes on after waiting {Seconds:N1} s for the consumers of {Topic}")]
    private partial void LogResumed(string topic, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pacing could not read the consumers' positions on {Topic}; ingest waits and looks again")]
    private partial void LogLookFailed(Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Records lost: {Loss}")]
    private partial void LogLost(RetentionLoss loss);

    /// <summary>The pacing state of one topic: its allowance, its unacknowledged records, and one looker at a time.</summary>
    internal sealed class PacedTopic(IngestPacer pacer, string topic)
    {
        private static readonly TimeSpan MaxAllowanceAge = TimeSpan.FromSeconds(2);
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly Dictionary<(int Partition, string Group), long> _reportedLosses = [];
        private long _allowance;
        private long _unacknowledged;
        private long _lookedAt;

        /// <summary>Takes room for one record if the last look left some; never waits and makes no request.</summary>
        public bool TryAdmit()
        {
            var left = Interlocked.Decrement(ref _allowance);
            if (left < 0 || ((left & 1023) == 0 && IsStale()))
            {
                // Nothing left, or granted long ago (other producers may have filled the topic since): look again.
                return false;
            }

            Interlocked.Increment(ref _unacknowledged);
            return true;
        }

        /// <summary>A record admitted earlier was acknowledged by the brokers (or failed): it is no longer in flight.</summary>
        public void Acknowledged() => Interlocked.Decrement(ref _unacknowledged);

        /// <summary>Waits until the topic has room for one more record and takes it.</summary>
        /// <exception cref="IngestStalledException">The consumers made no progress for <see cref="IngestPacingOptions.StallTimeout"/>.</exception>
        public async ValueTask AdmitAsync(Action<PacingWait>? waiting, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!IsStale() && Interlocked.Decrement(ref _allowance) >= 0)
                {
                    // Another caller looked while this one waited for the gate.
                    Interlocked.Increment(ref _unacknowledged);
                    return;
                }

                await LookUntilRoomAsync(waiting, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _unacknowledged);
            }
            finally
            {
                _gate.Release();
            }
        }

        private bool IsStale() => Stopwatch.GetElapsedTime(Volatile.Read(ref _lookedAt)) > MaxAllowanceAge;

        private async Task LookUntilRoomAsync(Action<PacingWait>? waiting, CancellationToken cancellationToken)
        {
            var options = pacer.Options;
            var bound = options.MaxLeadPerPartition;
            var resumeAt = bound - Math.Max(1, bound / 4);
            long? waitStarted = null;
            var lastProgressAt = Stopwatch.GetTimestamp();
            long bestProgress = -1;
            Look? last = null;
            while (true)
            {
                var look = await TryLookAsync(cancellationToken).ConfigureAwait(false);
                if (look is not null)
                {
                    last = look;
                    var inFlight = Math.Max(0, Interlocked.Read(ref _unacknowledged));
                    var lead = look.MaxLead + (inFlight / look.Partitions);
                    if (lead <= (waitStarted is null ? bound : resumeAt))
                    {
                        var allowance = (look.Partitions * (bound - look.MaxLead)) - inFlight;
                        if (allowance > 0)
                        {
                            Volatile.Write(ref _lookedAt, Stopwatch.GetTimestamp());
                            Interlocked.Exchange(ref _allowance, allowance - 1);
                            if (waitStarted is { } started)
                            {
                                var waited = Stopwatch.GetElapsedTime(started);
                                pacer.AddWaited(waited);
                                pacer.LogResumed(topic, waited.TotalSeconds);
                            }

                            return;
                        }
                    }

                    if (look.Progress > bestProgress)
                    {
                        bestProgress = look.Progress;
                        lastProgressAt = Stopwatch.GetTimestamp();
                    }
                }

                if (Stopwatch.GetElapsedTime(lastProgressAt) > options.StallTimeout)
                {
                    if (waitStarted is { } started)
                    {
                        pacer.AddWaited(Stopwatch.GetElapsedTime(started));
                    }

                    throw new IngestStalledException(Stalled(last));
                }

                if (waitStarted is null)
                {
                    waitStarted = Stopwatch.GetTimestamp();
                    if (last is not null)
                    {
                        pacer.LogWaiting(topic, last.SlowestGroup, last.SlowestLag, bound);
                    }
                }

                if (last is not null)
                {
                    waiting?.Invoke(new PacingWait(topic, last.SlowestGroup, last.SlowestLag, Stopwatch.GetElapsedTime(waitStarted.Value)));
                }

                await Task.Delay(options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        private string Stalled(Look? last) => last is null
            ? $"ingest waited {pacer.Options.StallTimeout.TotalSeconds:N0} s for the consumers of {topic} and could not read their positions (to go on without pacing: Ingest:Pacing:Enabled=false)"
            : $"the pipeline has not moved for {pacer.Options.StallTimeout.TotalSeconds:N0} s: group {last.SlowestGroup} is {last.SlowestLag:N0} records behind on {topic} " +
              $"(is the service of that group running? ingest waits while a group is more than {pacer.Options.MaxLeadPerPartition:N0} records behind on a partition: Ingest:Pacing)";

        private async Task<Look?> TryLookAsync(CancellationToken cancellationToken)
        {
            IReadOnlyList<PartitionPositions> positions;
            try
            {
                positions = await pacer._reader!.ReadAsync([topic], pacer.Groups, cancellationToken).ConfigureAwait(false);
            }
            catch (KafkaException e)
            {
                pacer.LogLookFailed(e, topic);
                return null;
            }

            if (positions.Count == 0)
            {
                return null;
            }

            long maxLead = 0, progress = 0;
            var lagByGroup = pacer.Groups.ToDictionary(g => g, _ => 0L, StringComparer.Ordinal);
            foreach (var partition in positions)
            {
                var slowestCommit = long.MaxValue;
                foreach (var group in pacer.Groups)
                {
                    var lag = partition.LagOf(group);
                    maxLead = Math.Max(maxLead, lag);
                    lagByGroup[group] += lag;
                    slowestCommit = Math.Min(slowestCommit, partition.Committed[group] ?? partition.LogStart);
                    ReportLoss(partition, group);
                }

                progress += slowestCommit;
            }

            var slowest = lagByGroup.MaxBy(g => g.Value);
            return new Look(positions.Count, maxLead, slowest.Key, slowest.Value, progress);
        }

        private void ReportLoss(PartitionPositions partition, string group)
        {
            var lost = partition.LostTo(group);
            if (lost > _reportedLosses.GetValueOrDefault((partition.Partition, group)))
            {
                _reportedLosses[(partition.Partition, group)] = lost;
                pacer.LogLost(new RetentionLoss(topic, partition.Partition, group, lost));
            }
        }

        /// <summary>What one look found.</summary>
        /// <param name="Partitions">Partitions of the topic.</param>
        /// <param name="MaxLead">The largest lag of any group on any partition.</param>
        /// <param name="SlowestGroup">The group with the most records not committed over the topic.</param>
        /// <param name="SlowestLag">Those records.</param>
        /// <param name="Progress">Sum over partitions of the slowest group's committed offset: grows while the consumers work.</param>
        private sealed record Look(int Partitions, long MaxLead, string SlowestGroup, long SlowestLag, long Progress);
    }
}
