using Confluent.SchemaRegistry;
using CustomerStream.SchemaRegistry.Server;
using CustomerStream.Testing;

namespace CustomerStream.SchemaRegistry.Tests.Support;

/// <summary>
/// A real embedded registry for one test class: its own fresh PostgreSQL database, Kestrel on an
/// ephemeral loopback port, and clients that talk to it over the socket.
/// </summary>
public sealed class RegistryFixture : IAsyncLifetime
{
    private readonly PostgresDatabaseFixture _database = new();

    public EmbeddedSchemaRegistry Server { get; private set; } = null!;

    public CachedSchemaRegistryClient Client { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string ConnectionString => _database.ConnectionString;

    public string Url => Server.Url;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Server = await StartServerAsync();
        Client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = Server.Url, MaxRetries = 2 });
        Http = new HttpClient { BaseAddress = new Uri(Server.Url + "/") };
    }

    /// <summary>Another registry process on the same database (for restart and two-process tests).</summary>
    public Task<EmbeddedSchemaRegistry> StartServerAsync(int port = 0) =>
        EmbeddedSchemaRegistry.StartAsync(new SchemaRegistryServerOptions { ConnectionString = _database.ConnectionString, Port = port });

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Client.Dispose();
        await Server.DisposeAsync();
        await _database.DisposeAsync();
    }
}
