using Confluent.SchemaRegistry;
using System.Net;
using CustomerStream.Contracts;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.SchemaRegistry.Server;
using CustomerStream.SchemaRegistry.Tests.Support;
using CustomerStream.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CustomerStream.SchemaRegistry.Tests.Server;

/// <summary>How the CLI and services host the registry and its client.</summary>
public sealed class HostingTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Registering_the_contracts_makes_every_public_subject_listed()
    {
        await using var server = await EmbeddedSchemaRegistry.StartAsync(new SchemaRegistryServerOptions
        {
            ConnectionString = registry.ConnectionString,
            DatabaseSchema = "sr_" + Guid.NewGuid().ToString("N")[..10],
        });
        using var client = SchemaRegistrySettings.CreateClient(server.Url);

        var registered = await ContractSubjects.RegisterAsync(client);
        var again = await ContractSubjects.RegisterAsync(client);

        var subjects = await client.GetAllSubjectsAsync();
        foreach (var topic in Topics.All.Where(t => t.IsPublic))
        {
            Assert.Contains($"{topic.Name}-value", subjects);
        }

        Assert.Equal(registered, again);
        Assert.Equal(Topics.All.Count(t => t.ValueType is not null), subjects.Count);
    }

    [Fact]
    public async Task The_registry_can_be_mapped_into_an_existing_host_under_a_prefix()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSchemaRegistryServer(o =>
        {
            o.ConnectionString = registry.ConnectionString;
            o.DatabaseSchema = "sr_" + Guid.NewGuid().ToString("N")[..10];
        });
        await using var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapSchemaRegistry("/schema-registry");
        await app.StartAsync();

        using var client = SchemaRegistrySettings.CreateClient(app.Urls.First() + "/schema-registry");
        var id = await client.RegisterSchemaAsync(Unique.Name("hosted"), "\"string\"");

        using var fresh = SchemaRegistrySettings.CreateClient(app.Urls.First() + "/schema-registry");
        Assert.Equal("\"string\"", (await fresh.GetSchemaAsync(id)).SchemaString);
        await app.StopAsync();
    }

    [Fact]
    public async Task The_client_is_registered_for_dependency_injection_and_its_options_are_validated()
    {
        var services = new ServiceCollection();
        services.AddSchemaRegistryClient(o => o.Url = registry.Url);
        await using (var provider = services.BuildServiceProvider())
        {
            var client = provider.GetRequiredService<ISchemaRegistryClient>();
            Assert.NotNull(await client.GetAllSubjectsAsync());
        }

        var bad = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        bad.Services.AddSchemaRegistryClient(o => o.Url = "localhost:8081");
        using var host = bad.Build();
        var error = await Assert.ThrowsAnyAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("SchemaRegistry:Url", error.Message);
    }

    [Fact]
    public async Task Invalid_server_options_are_refused_at_start_with_the_reason()
    {
        var options = new SchemaRegistryServerOptions { ConnectionString = registry.ConnectionString, DatabaseSchema = "Bad-Name" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EmbeddedSchemaRegistry.StartAsync(options));

        Assert.Contains("DatabaseSchema", error.Message);
    }
}
