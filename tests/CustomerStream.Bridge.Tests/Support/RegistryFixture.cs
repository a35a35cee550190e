using Confluent.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.SchemaRegistry.Server;
using CustomerStream.Testing;

namespace CustomerStream.Bridge.Tests.Support;

/// <summary>An embedded Schema Registry on its own fresh PostgreSQL database with every contract subject registered, shared by the tests of a class.</summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    private readonly PostgresDatabaseFixture _database = new();
    private EmbeddedSchemaRegistry? _server;

    public string Url => _server!.Url;

    public int Port => new Uri(Url).Port;

    public CachedSchemaRegistryClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _server = await EmbeddedSchemaRegistry.StartAsync(new SchemaRegistryServerOptions { ConnectionString = _database.ConnectionString, Port = 0 });
        Client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _server.Url, MaxRetries = 2 });
        await ContractSubjects.RegisterAsync(Client);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
