using Confluent.Kafka;

namespace CustomerStream.Streaming.Runtime;

/// <summary>
/// Settings of one stream application instance. Bind them from configuration (one section per service)
/// and validate at start-up with <see cref="StreamApplicationOptionsValidator"/>; the runtime validates
/// them again when it is constructed.
/// </summary>
public sealed class StreamApplicationOptions
{
    /// <summary>
    /// Identifies the application: consumer group id, prefix of its changelog topic
    /// (<c>&lt;id&gt;-changelog</c>) and of its state directory. Letters, digits, '.', '_', '-'.
    /// </summary>
    public string ApplicationId { get; set; } = "";

    /// <summary>Kafka bootstrap servers, <c>host:port,…</c>.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>
    /// Directory of this instance's local state (RocksDB stores, checkpoints). One per instance: two
    /// instances must not share it.
    /// </summary>
    public string StateDirectory { get; set; } = "";

    /// <summary>Most records in one batch.</summary>
    public int MaxBatchRecords { get; set; } = 10_000;

    /// <summary>Most key and value bytes in one batch.</summary>
    public int MaxBatchBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// How long a batch that has a record waits for more before it is processed (0, the default: it takes what
    /// has arrived and goes). Batches grow by themselves under load — whatever arrives while one batch commits
    /// forms the next — so waiting only adds latency; a positive wait collapses more changes of one key into one
    /// output when input trickles in.
    /// </summary>
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How often the consumed offsets are committed to the group. They serve lag monitoring only: on
    /// assignment a task resumes from the offsets stored in its state.
    /// </summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often each task with persistent stores flushes them and writes a checkpoint while it runs. After a
    /// crash, a task replays only the changelog written since its last checkpoint (changelog records carry
    /// whole values, so replaying over a store that already holds some of them converges to the same state).
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Consumer group session timeout: how soon the group notices a crashed instance.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Consumer group heartbeat interval (below a third of <see cref="SessionTimeout"/>).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest time one batch may take before the group considers the instance stuck.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the producer retries a record (librdkafka <c>message.timeout.ms</c>). When it gives up, the
    /// batch is abandoned and processed again.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long start-up waits for the input topics to exist.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a restore in progress logs its progress.</summary>
    public TimeSpan RestoreProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Where a task starts reading an input partition it has never processed.</summary>
    public AutoOffsetReset AutoOffsetReset { get; set; } = AutoOffsetReset.Earliest;

    /// <summary>Producer queue bound in KiB: when it is full, processing waits (backpressure).</summary>
    public int ProducerQueueMaxKbytes { get; set; } = 64 * 1024;

    /// <summary>Producer linger: how long records wait to fill a produce request.</summary>
    public TimeSpan ProducerLinger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Extra librdkafka properties for every client of the application (security, client id, …); they
    /// override the runtime's own settings, so use them with care.
    /// </summary>
    public IDictionary<string, string> ClientProperties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
