using Confluent.SchemaRegistry;
using CustomerStream.SchemaRegistry.Server;
using CustomerStream.SchemaRegistry.Tests.Support;
using CustomerStream.Testing;
using Npgsql;

namespace CustomerStream.SchemaRegistry.Tests.Server;

/// <summary>What PostgreSQL gives the registry: it survives restarts, and several registry processes can share it safely.</summary>
public sealed class PersistenceTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    // Distinct schemas that are all compatible with each other, whatever order they land in.
    private static string Schema(int n) =>
        $$"""{"type":"record","name":"R","namespace":"race","fields":[{"name":"id","type":"string"},{"name":"f{{n}}","type":["null","long"],"default":null}]}""";

    [Fact]
    public async Task Subjects_versions_ids_and_config_survive_a_restart()
    {
        var subject = Unique.Name("restart");
        int id;
        await using (var first = await registry.StartServerAsync())
        {
            using var client = SchemaRegistrySettings.CreateClient(first.Url);
            id = await client.RegisterSchemaAsync(subject, Schema(1));
            await client.UpdateCompatibilityAsync(Confluent.SchemaRegistry.Compatibility.None, subject);
        }

        await using var second = await registry.StartServerAsync();
        using var after = SchemaRegistrySettings.CreateClient(second.Url);

        Assert.Equal(id, (await after.GetLatestSchemaAsync(subject)).Id);
        Assert.Equal(Confluent.SchemaRegistry.Compatibility.None, await after.GetCompatibilityAsync(subject));
        Assert.Equal(id, await after.RegisterSchemaAsync(subject, Schema(1)));
        Assert.Equal(new[] { 1 }, await after.GetSubjectVersionsAsync(subject));
    }

    [Fact]
    public async Task Two_registry_processes_racing_on_the_same_schemas_agree_on_ids_and_versions()
    {
        await using var other = await registry.StartServerAsync();
        using var a = SchemaRegistrySettings.CreateClient(registry.Url);
        using var b = SchemaRegistrySettings.CreateClient(other.Url);
        var subjects = Enumerable.Range(0, 4).Select(_ => Unique.Name("race")).ToList();

        // Every subject gets the same three schemas from both processes at once, many times over.
        var attempts = from subject in subjects
                       from n in Enumerable.Range(1, 3)
                       from client in new[] { a, b, a, b }
                       select (subject, n, client);
        var results = await Task.WhenAll(attempts.Select(async x =>
            (x.subject, x.n, Id: await x.client.RegisterSchemaAsync(x.subject, Schema(x.n)))));

        // One id per schema, whichever process and subject registered it.
        foreach (var group in results.GroupBy(r => r.n))
        {
            Assert.Single(group.Select(r => r.Id).Distinct());
        }

        Assert.Equal(3, results.Select(r => r.Id).Distinct().Count());
        foreach (var subject in subjects)
        {
            // One version per schema, never a duplicate from the race.
            Assert.Equal(new[] { 1, 2, 3 }, await a.GetSubjectVersionsAsync(subject));
        }
    }

    [Fact]
    public async Task Registries_starting_together_on_an_empty_database_both_create_the_tables()
    {
        var schema = "sr_" + Guid.NewGuid().ToString("N")[..10];
        var options = new SchemaRegistryServerOptions { ConnectionString = registry.ConnectionString, DatabaseSchema = schema };

        var servers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => EmbeddedSchemaRegistry.StartAsync(options)));
        try
        {
            using var client = SchemaRegistrySettings.CreateClient(servers[2].Url);
            Assert.True(await client.RegisterSchemaAsync(Unique.Name("fresh"), Schema(9)) > 0);
            await using var connection = new NpgsqlConnection(registry.ConnectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{schema}'", connection);
            Assert.Equal(3L, await count.ExecuteScalarAsync());
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_registry_that_cannot_reach_postgresql_says_so_at_start()
    {
        var options = new SchemaRegistryServerOptions { ConnectionString = "Host=127.0.0.1;Port=1;Username=x;Password=secret;Database=x;Timeout=2" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EmbeddedSchemaRegistry.StartAsync(options));

        Assert.Contains("PostgreSQL", error.Message);
        Assert.Contains("Port=1", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public async Task A_taken_port_is_reported_clearly()
    {
        var options = new SchemaRegistryServerOptions { ConnectionString = registry.ConnectionString, Port = registry.Server.Port };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EmbeddedSchemaRegistry.StartAsync(options));

        Assert.Contains($"{registry.Server.Port}", error.Message);
        Assert.Contains("another port", error.Message);
    }
}
