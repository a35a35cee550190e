using Confluent.Kafka;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Faults;
using CustomerStream.Kafka.Inspection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.Customer360.Pipeline;

/// <summary>
/// Looks at the pipeline every <see cref="Customer360Options.PipelineSampleSeconds"/>: the log ends of every
/// stage's topics and what each stage's consumer group has committed (one watermark query per partition and one
/// offset fetch per group, requests the embedded cluster answers too), the dead letters of each consuming stage
/// (<see cref="DeadLetterCounts"/>, as <c>customerstream status</c> counts them), and keeps the looks of the last
/// <see cref="Customer360Options.PipelineHistoryMinutes"/>. The same figures whether the services run in this
/// process or elsewhere: they come from Kafka, not from the services' memory.
/// </summary>
public sealed partial class PipelineSampler : BackgroundService
{
    private readonly IReadOnlyList<PipelineStageDefinition> _stages;
    private readonly string _rejectedTopic;
    private readonly Customer360Options _options;
    private readonly KafkaClientFactory _clients;
    private readonly ILogger<PipelineSampler> _logger;
    private readonly PipelineHistory _history;
    private volatile string? _error;

    public PipelineSampler(PipelineStages stages, IOptions<Customer360Options> options, KafkaClientFactory clients, ILogger<PipelineSampler> logger)
    {
        _stages = stages.Stages;
        _rejectedTopic = stages.RejectedTopic;
        _options = options.Value;
        _clients = clients;
        _logger = logger;
        _history = new PipelineHistory(_stages, TimeSpan.FromMinutes(_options.PipelineHistoryMinutes));
    }

    /// <summary>The stages now and over the kept history.</summary>
    public PipelineStatus Status() => _history.Status(_options.PipelineSampleSeconds, _error);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(_options.PipelineSampleSeconds);
        var topics = _stages.SelectMany(s => s.Topics).Append(_rejectedTopic).Distinct(StringComparer.Ordinal).ToList();
        var groups = _stages.Where(s => s.GroupId is not null).Select(s => s.GroupId!).Distinct(StringComparer.Ordinal).ToList();
        // Every consuming stage dead-letters what it cannot decode to <stage>.dead-letter.v1; ingest rejects instead.
        var deadLettering = _stages.Where(s => s.GroupId is not null).Select(s => s.Name).ToList();
        var timeout = TimeSpan.FromMilliseconds(_clients.Options.AdminTimeoutMs);
        using var reader = new ConsumerPositionReader(_clients);
        using var deadLetters = _clients.CreateConsumerBuilder<Ignore, Ignore>(_clients.CreateConsumerConfig("customerstream-console-dead-letters", "console-dead-letters")).Build();
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                var positions = await reader.ReadAsync(topics, groups, stoppingToken);
                var dead = await Task.Run(() => DeadLetterCounts.Read(deadLetters, deadLettering, timeout), stoppingToken);
                _history.Add(Sample(positions, dead, DateTimeOffset.UtcNow));
                _error = null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Kafka away or a topic not created yet: say so on the page and look again next time; a view
                // never takes the process down.
                var reason = e is KafkaException kafka ? kafka.Error.Reason : e.Message;
                if (_error is null)
                {
                    LogLookFailed(reason);
                }

                _error = $"Kafka did not answer: {reason}";
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private PipelineSample Sample(IReadOnlyList<PartitionPositions> positions, IReadOnlyList<DeadLetterCount> deadLetters, DateTimeOffset at)
    {
        var stages = new List<StagePosition>(_stages.Count);
        foreach (var stage in _stages)
        {
            long processed = 0, end = 0, lag = 0;
            foreach (var partition in positions.Where(p => stage.Topics.Contains(p.Topic, StringComparer.Ordinal)))
            {
                end += partition.LogEnd;
                if (stage.GroupId is { } group)
                {
                    processed += Math.Max(partition.Committed[group] ?? partition.LogStart, partition.LogStart);
                    lag += partition.LagOf(group);
                }
            }

            var dead = deadLetters.FirstOrDefault(d => d.Stage == stage.Name)?.Records;
            stages.Add(stage.GroupId is null ? new StagePosition(end, end, null, dead) : new StagePosition(processed, end, lag, dead));
        }

        var rejected = positions.Where(p => p.Topic == _rejectedTopic).Sum(p => p.LogEnd);
        return new PipelineSample(at, stages, rejected);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline view: cannot read the consumer groups' positions ({Reason}); trying again")]
    private partial void LogLookFailed(string reason);
}
