using Confluent.Kafka;
using CustomerStream.Streaming.Changelog;
using CustomerStream.Streaming.Clients;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Telemetry;
using CustomerStream.Streaming.Topics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerStream.Streaming.Runtime;

/// <summary>
/// One instance of a stream application: runs a <see cref="StreamTopology"/> with the guarantees described
/// in <c>docs/streaming-runtime.md</c> (state equal to a whole number of batches after any crash, input
/// resumed right after them, outputs at least once with per-key versions). Start it, then stop it (or
/// cancel <see cref="RunAsync"/>'s token) for a graceful shutdown: the current batch finishes, offsets are
/// committed and every task leaves a checkpoint.
/// </summary>
public sealed class StreamApplication : IAsyncDisposable
{
    private readonly StreamApplicationOptions _options;
    private readonly StreamTopology _topology;
    private readonly IInternalTopicProvisioner _topics;
    private readonly IKafkaClientSupplier _clients;
    private readonly ILogger _logger;
    private readonly StreamingMetrics _metrics;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<StreamApplicationState> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StreamThread? _thread;
    private volatile StreamApplicationState _state = StreamApplicationState.Created;
    private Exception? _error;

    /// <summary>Creates an instance; nothing connects before <see cref="StartAsync"/>.</summary>
    /// <param name="options">The instance's settings.</param>
    /// <param name="topology">What it runs.</param>
    /// <param name="topicProvisioner">Creates the changelog and the topology's internal topics.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="clientSupplier">Creates the Kafka clients; Confluent.Kafka's by default.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="ArgumentException">A single-task topology without stores.</exception>
    public StreamApplication(
        StreamApplicationOptions options,
        StreamTopology topology,
        IInternalTopicProvisioner topicProvisioner,
        ILoggerFactory? loggerFactory = null,
        IKafkaClientSupplier? clientSupplier = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(topicProvisioner);
        StreamApplicationOptionsValidator.ThrowIfInvalid(options);
        if (topology.IsSingleTask && !topology.IsStateful)
        {
            throw new ArgumentException("A single-task topology needs stores: its plans and owner epochs live in the changelog.", nameof(topology));
        }

        _options = options;
        _topology = topology;
        _topics = topicProvisioner;
        _clients = clientSupplier ?? KafkaClientSupplier.Default;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<StreamApplication>();
        _metrics = new StreamingMetrics(options.ApplicationId);
        ChangelogTopic = topology.IsStateful ? ChangelogFormat.TopicName(options.ApplicationId) : null;
    }

    /// <summary>The application id.</summary>
    public string ApplicationId => _options.ApplicationId;

    /// <summary>The changelog topic of the application's stores (<c>&lt;application id&gt;-changelog</c>), or null when stateless.</summary>
    public string? ChangelogTopic { get; }

    /// <summary>The life-cycle state.</summary>
    public StreamApplicationState State => _state;

    /// <summary>Completes with the final state when the processing loop has ended; faults when it failed.</summary>
    public Task<StreamApplicationState> Completion => _completion.Task;

    /// <summary>A snapshot of the instance.</summary>
    public StreamApplicationStatus GetStatus()
    {
        var thread = _thread;
        return new StreamApplicationStatus(
            _state,
            thread?.Tasks ?? [],
            thread?.ProcessedRecords ?? 0,
            thread?.CommittedBatches ?? 0,
            thread?.AbandonedBatches ?? 0,
            _error,
            thread?.Figures ?? StreamThreadFigures.Empty);
    }

    /// <summary>
    /// Checks the input topics (waiting up to <see cref="StreamApplicationOptions.StartupTimeout"/> for them
    /// to exist), ensures the changelog topic, and starts the processing loop. Returns once the loop runs;
    /// partitions are assigned and restored in the background.
    /// </summary>
    /// <exception cref="InvalidOperationException">Topics are missing or not co-partitioned, or the instance was started before.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_state != StreamApplicationState.Created)
            {
                throw new InvalidOperationException($"Stream application {ApplicationId} was already started ({_state}).");
            }

            _state = StreamApplicationState.Starting;
        }

        try
        {
            var inputPartitions = await TopicMetadata.WaitForInputTopicsAsync(_options, _topology, cancellationToken).ConfigureAwait(false);
            var tasks = _topology.IsSingleTask ? 1 : inputPartitions.Values.Max();
            Log.Starting(_logger, ApplicationId, string.Join(',', _topology.InputTopics), tasks,
                string.Join(',', _topology.Stores.Select(s => $"{s.Name}({s.Kind})")));
            var internalTopics = new List<InternalTopicSpec>();
            if (ChangelogTopic is not null)
            {
                internalTopics.Add(new InternalTopicSpec(ChangelogTopic, tasks, InternalTopicSpec.ChangelogConfig));
            }

            if (_topology.LeaseTopic is { } lease)
            {
                internalTopics.Add(new InternalTopicSpec(lease, 1, InternalTopicSpec.LeaseConfig));
            }

            if (_topology.DeadLetterTopic is { } deadLetters)
            {
                internalTopics.Add(deadLetters);
            }

            if (internalTopics.Count > 0)
            {
                await _topics.EnsureTopicsAsync(internalTopics, cancellationToken).ConfigureAwait(false);
                foreach (var topic in internalTopics)
                {
                    await TopicMetadata.RequirePartitionsAsync(_options, topic.Name, topic.Partitions, cancellationToken).ConfigureAwait(false);
                }
            }

            _thread = new StreamThread(_options, _topology, ChangelogTopic, inputPartitions, _clients, _metrics, _logger);
        }
        catch (Exception e)
        {
            _error = e;
            _state = StreamApplicationState.Failed;
            _completion.TrySetException(e);
            throw;
        }

        _state = StreamApplicationState.Running;

        // The loop blocks (polls, waits for acknowledgements): it gets a thread of its own, never a pool thread.
        new Thread(RunLoop) { IsBackground = true, Name = $"stream:{ApplicationId}" }.Start();
    }

    /// <summary>
    /// Stops gracefully: finishes the batch in progress, commits, leaves the group and writes checkpoints.
    /// Returns when the loop has ended (or <paramref name="cancellationToken"/> gives up waiting).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        var thread = _thread;
        if (thread is null)
        {
            return;
        }

        if (_state == StreamApplicationState.Running)
        {
            _state = StreamApplicationState.Stopping;
        }

        thread.RequestStop();
        try
        {
            await Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The failure is reported through Completion and the status; stopping itself succeeded.
        }
    }

    /// <summary>Starts, runs until <paramref name="stoppingToken"/> is cancelled, then stops gracefully.</summary>
    /// <exception cref="Exception">Whatever stopped the processing loop, when it failed.</exception>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await StartAsync(stoppingToken).ConfigureAwait(false);
        try
        {
            await Completion.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// For tests: makes the loop stop at <paramref name="point"/> of its current or next batch as if the
    /// process died there (no flush, no commit, no checkpoint, no leave-group). Completes when the loop has
    /// ended.
    /// </summary>
    public async Task SimulateCrashAsync(CrashPoint point = CrashPoint.Immediately)
    {
        var thread = _thread ?? throw new InvalidOperationException($"Stream application {ApplicationId} is not running.");
        thread.RequestCrash(point);
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A loop that failed on its own is stopped all the same.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_thread is not null && !Completion.IsCompleted)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _metrics.Dispose();
    }

    private void RunLoop()
    {
        try
        {
            var final = _thread!.Run();
            _state = final;
            Log.Stopped(_logger, ApplicationId, final);
            _completion.TrySetResult(final);
        }
        catch (Exception e)
        {
            _error = e;
            _state = StreamApplicationState.Failed;
            Log.Failed(_logger, e, ApplicationId);
            _completion.TrySetException(e);
        }
    }
}
