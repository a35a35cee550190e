using CustomerStream.Kafka.Embedded;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Runtime;
using CustomerStream.Streaming.State;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Streaming.Topics;

namespace CustomerStream.Benchmarks;

/// <summary>
/// One counting application of our runtime over fresh topics and state directories, as the streaming benchmark and
/// the comparison with Streamiz both run it: instances made by <see cref="Application"/> share its application id.
/// </summary>
internal sealed class CountingRun : IDisposable
{
    private readonly EmbeddedKafkaCluster _cluster;
    private readonly StreamTopology _topology;
    private readonly string _applicationId;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "customerstream-bench", Guid.NewGuid().ToString("N"));
    private readonly int _batch;

    public CountingRun(EmbeddedKafkaCluster cluster, int partitions, int batch, StoreKind kind, string applicationPrefix = "bench")
    {
        _cluster = cluster;
        _batch = batch;
        _applicationId = $"{applicationPrefix}-{Guid.NewGuid():N}";
        Input = $"bench-in-{Guid.NewGuid():N}";
        var output = $"bench-out-{Guid.NewGuid():N}";
        cluster.CreateTopic(Input, partitions, replicationFactor: 3);
        cluster.CreateTopic(output, partitions, replicationFactor: 3);
        var store = CountingProcessor.Store(kind);
        _topology = new StreamTopology([Input], [store], context => new CountingProcessor(context, output, store));
    }

    public string Input { get; }

    public StreamApplication Application(string instance) => new(
        new StreamApplicationOptions
        {
            ApplicationId = _applicationId,
            BootstrapServers = _cluster.BootstrapServers,
            StateDirectory = Path.Combine(_root, instance),
            MaxBatchRecords = _batch,
            MaxBatchWait = TimeSpan.FromMilliseconds(100),
            SessionTimeout = TimeSpan.FromSeconds(6),
            HeartbeatInterval = TimeSpan.FromSeconds(1),
        },
        _topology,
        new DelegateTopicProvisioner((spec, _) =>
        {
            _cluster.CreateTopic(spec.Name, spec.Partitions, replicationFactor: 3);
            return Task.CompletedTask;
        }));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
