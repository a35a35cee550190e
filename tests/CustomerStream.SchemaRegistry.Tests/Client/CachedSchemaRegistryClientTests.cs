using System.Net;
using System.Net.Sockets;
using CustomerStream.SchemaRegistry.Tests.Support;
using CustomerStream.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerStream.SchemaRegistry.Tests.Client;

/// <summary>The client against the real embedded registry: every call, its caches, its retries and its errors.</summary>
public sealed class CachedSchemaRegistryClientTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private const string V1 = """{"type":"record","name":"Item","namespace":"test","fields":[{"name":"id","type":"string"}]}""";
    private const string V2 = """{"type":"record","name":"Item","namespace":"test","fields":[{"name":"id","type":"string"},{"name":"qty","type":"int","default":1}]}""";
    private const string Incompatible = """{"type":"record","name":"Item","namespace":"test","fields":[{"name":"id","type":"long"}]}""";

    [Fact]
    public async Task Every_call_of_the_interface_works_against_the_registry()
    {
        var client = registry.Client;
        var subject = Unique.Name("api") + "-value";

        var id1 = await client.RegisterSchemaAsync(subject, V1);
        var id2 = await client.RegisterSchemaAsync(subject, V2);

        Assert.NotEqual(id1, id2);
        Assert.Equal(Avro.Schema.Parse(V1).ToString(), Avro.Schema.Parse(await client.GetSchemaAsync(id1)).ToString());
        Assert.Equal(new RegisteredSchema(subject, 1, id1, Avro.Schema.Parse(V1).ToString()), await client.GetRegisteredSchemaAsync(subject, 1));
        Assert.Equal(2, (await client.GetLatestSchemaAsync(subject)).Version);
        Assert.Equal(1, (await client.LookupSchemaAsync(subject, V1)).Version);
        Assert.Equal(id2, await client.GetSchemaIdAsync(subject, V2));
        Assert.Contains(subject, await client.GetAllSubjectsAsync());
        Assert.Equal(new[] { 1, 2 }, await client.GetSubjectVersionsAsync(subject));

        var check = await client.TestCompatibilityAsync(subject, Incompatible);
        Assert.False(check.IsCompatible);
        Assert.Contains(check.Messages, m => m.Contains("'id'", StringComparison.Ordinal));
        Assert.True((await client.TestCompatibilityAsync(subject, V2, version: 1)).IsCompatible);

        Assert.Equal(CompatibilityLevel.FullTransitive, await client.UpdateCompatibilityAsync(CompatibilityLevel.FullTransitive, subject));
        Assert.Equal(CompatibilityLevel.FullTransitive, await client.GetCompatibilityAsync(subject));
        Assert.Equal(await client.GetCompatibilityAsync(), await client.GetCompatibilityAsync(Unique.Name("unset")));

        Assert.Equal(2, await client.DeleteSubjectVersionAsync(subject, 2));
        Assert.Equal(new[] { 1 }, await client.DeleteSubjectAsync(subject));
        Assert.Equal(new[] { 1, 2 }, await client.DeleteSubjectAsync(subject, permanent: true));
        Assert.DoesNotContain(subject, await client.GetAllSubjectsAsync());
    }

    [Fact]
    public async Task Refusals_carry_the_status_the_confluent_code_and_the_registry_message()
    {
        var subject = Unique.Name("refuse");
        await registry.Client.RegisterSchemaAsync(subject, V1);

        var incompatible = await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.Client.RegisterSchemaAsync(subject, Incompatible));
        var missing = await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.Client.GetLatestSchemaAsync(Unique.Name("nope")));
        var invalid = await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.Client.RegisterSchemaAsync(subject, "{\"type\":\"record\"}"));

        Assert.Equal((HttpStatusCode.Conflict, 409), (incompatible.StatusCode, incompatible.ErrorCode));
        Assert.Contains("'id'", incompatible.RegistryMessage);
        Assert.Contains(registry.Url, incompatible.Message);
        Assert.Equal((HttpStatusCode.NotFound, 40401), (missing.StatusCode, missing.ErrorCode));
        Assert.True(missing.IsNotFound);
        Assert.Equal(42201, invalid.ErrorCode);
    }

    [Fact]
    public async Task Ids_are_cached_both_ways_so_known_schemas_need_no_registry()
    {
        var subject = Unique.Name("cache");
        await using var server = await registry.StartServerAsync();
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryClientOptions { Url = server.Url, MaxRetries = 0 });
        var id = await client.RegisterSchemaAsync(subject, V1);
        var viaLookup = await client.GetSchemaIdAsync(subject, V1);
        var text = await client.GetSchemaAsync(id);

        await server.StopAsync();

        Assert.Equal(id, viaLookup);
        Assert.Equal(id, await client.RegisterSchemaAsync(subject, V1));
        Assert.Equal(id, await client.GetSchemaIdAsync(subject, V1));
        Assert.Equal(text, await client.GetSchemaAsync(id));
        await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetLatestSchemaAsync(subject));
    }

    [Fact]
    public async Task An_unreachable_registry_is_reported_with_its_url_after_the_retries()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryClientOptions
        {
            Url = url,
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetSchemaAsync(1));

        Assert.Null(error.StatusCode);
        Assert.Contains(url, error.Message);
        Assert.Contains("unreachable", error.Message);
        Assert.Contains("3 attempt(s)", error.Message);
    }

    [Fact]
    public async Task A_registry_that_comes_up_during_the_retries_is_used()
    {
        var port = FreePort();
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryClientOptions
        {
            Url = $"http://127.0.0.1:{port}",
            MaxRetries = 8,
            RetryBaseDelay = TimeSpan.FromMilliseconds(100),
        });

        var registering = client.RegisterSchemaAsync(Unique.Name("late"), V1);
        await Task.Delay(300);
        await using var server = await registry.StartServerAsync(port);

        Assert.True(await registering > 0);
    }

    [Fact]
    public async Task Server_errors_are_retried_and_client_errors_are_not()
    {
        var calls = 0;
        await using var flaky = await StartStubAsync(async context =>
        {
            var call = Interlocked.Increment(ref calls);
            if (context.Request.Path.StartsWithSegments("/schemas/ids/1") && call <= 2)
            {
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("""{"error_code": 50003, "message": "leader not ready"}""");
                return;
            }

            if (context.Request.Path.StartsWithSegments("/schemas/ids/1"))
            {
                await context.Response.WriteAsync("""{"schema": "\"string\""}""");
                return;
            }

            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("""{"error_code": 40403, "message": "Schema not found"}""");
        });
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryClientOptions
        {
            Url = flaky.Url,
            MaxRetries = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        });

        Assert.Equal("\"string\"", await client.GetSchemaAsync(1));
        Assert.Equal(3, calls);

        await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetSchemaAsync(2));
        Assert.Equal(4, calls);
    }

    [Fact]
    public async Task A_server_error_that_persists_is_reported_with_the_last_answer()
    {
        await using var broken = await StartStubAsync(async context =>
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("<html>proxy error</html>");
        });
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryClientOptions { Url = broken.Url, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(10) });

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetAllSubjectsAsync());

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Contains("proxy error", error.Message);
    }

    [Fact]
    public void A_malformed_url_is_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new CachedSchemaRegistryClient("localhost:8081"));
        Assert.Throws<ArgumentException>(() => new CachedSchemaRegistryClient(""));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A tiny HTTP server answering as scripted, for the failure modes a healthy registry never shows.</summary>
    private static async Task<Stub> StartStubAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return new Stub(app, app.Urls.First());
    }

    private sealed record Stub(WebApplication App, string Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
