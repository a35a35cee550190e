using CustomerStream.Kafka;
using CustomerStream.Kafka.Topics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerStream.Cli.Stack;

/// <summary>
/// Creates every topic of the catalog that is missing, with its partition count and configuration, before a
/// service run by <c>customerstream run</c> starts (hosted services start in registration order). Whichever
/// container starts first creates them, so that no topic gets the broker's defaults by being created as a
/// side effect (the ingest API's first produce, a stream application's wait for its inputs).
/// </summary>
internal sealed class ProductTopicsInitializer(ITopicProvisioner provisioner, IOptions<KafkaOptions> kafka) : IHostedService
{
    // On the embedded cluster `up` has provisioned every topic already, with its own partition count.
    public Task StartAsync(CancellationToken cancellationToken) =>
        kafka.Value.Mode == KafkaMode.External
            ? provisioner.EnsureTopicsAsync(ProductCatalog.Topics(kafka.Value.StreamRetentionMs), cancellationToken)
            : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
