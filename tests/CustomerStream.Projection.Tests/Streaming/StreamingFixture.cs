using Confluent.SchemaRegistry;
using CustomerStream.SchemaRegistry;
using CustomerStream.SchemaRegistry.Server;
using CustomerStream.Testing;

namespace CustomerStream.Projection.Tests.Streaming;

/// <summary>What the projection consumes from in production, in process: a three-broker embedded Kafka cluster and a real Schema Registry (own database) that the Avro serdes talk to over HTTP.</summary>
public sealed class StreamingFixture : IAsyncLifetime
{
    private readonly PostgresDatabaseFixture _registryDatabase = new();

    public EmbeddedKafkaFixture Kafka { get; } = new();

    public EmbeddedSchemaRegistry Registry { get; private set; } = null!;

    public CachedSchemaRegistryClient RegistryClient { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _registryDatabase.InitializeAsync();
        Registry = await EmbeddedSchemaRegistry.StartAsync(new SchemaRegistryServerOptions { ConnectionString = _registryDatabase.ConnectionString });
        RegistryClient = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = Registry.Url, MaxRetries = 2 });
    }

    public async Task DisposeAsync()
    {
        RegistryClient.Dispose();
        await Registry.DisposeAsync();
        await _registryDatabase.DisposeAsync();
        Kafka.Dispose();
    }
}
