using CustomerStream.Kafka;
using CustomerStream.Kafka.Topics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerStream.Aggregator.Hosting;

/// <summary>
/// Provisions the aggregator's topics when the host starts. It is registered before the stream
/// application's hosted service, and the host starts hosted services one after the other, so the topics
/// exist before the application looks for them (the embedded cluster would otherwise create a topic a
/// client merely asks about, with its own default partition count).
/// </summary>
internal sealed class AggregatorTopicsInitializer(ITopicProvisioner provisioner, IOptions<KafkaOptions> kafka) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        AggregatorTopics.EnsureAsync(provisioner, kafka.Value.StreamRetentionMs, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
