using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using CustomerStream.SchemaRegistry.Serdes;
using CustomerStream.SchemaRegistry.Tests.Support;
using CustomerStream.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Level = Confluent.SchemaRegistry.Compatibility;

namespace CustomerStream.SchemaRegistry.Tests.Client;

/// <summary>
/// Confluent's <see cref="CachedSchemaRegistryClient"/> against our embedded registry: every call the product
/// makes (register, lookup, get by id, versions, compatibility, config), the registry's refusals, and how the
/// product tells "unavailable" (wait and retry) from "not found" (a bad record).
/// </summary>
public sealed class ConfluentClientTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private static readonly Schema V1 = new("""{"type":"record","name":"Item","namespace":"test","fields":[{"name":"id","type":"string"}]}""", SchemaType.Avro);
    private static readonly Schema V2 = new("""{"type":"record","name":"Item","namespace":"test","fields":[{"name":"id","type":"string"},{"name":"qty","type":"int","default":1}]}""", SchemaType.Avro);
    private static readonly Schema Incompatible = new("""{"type":"record","name":"Item","namespace":"test","fields":[{"name":"id","type":"long"}]}""", SchemaType.Avro);

    [Fact]
    public async Task Every_call_the_product_makes_works_against_the_embedded_registry()
    {
        var client = registry.Client;
        var subject = Unique.Name("api") + "-value";

        var id1 = await client.RegisterSchemaAsync(subject, V1, normalize: false);
        var id2 = await client.RegisterSchemaAsync(subject, V2, normalize: false);

        Assert.NotEqual(id1, id2);
        Assert.Equal(id1, await client.RegisterSchemaAsync(subject, V1, normalize: false));
        Assert.Equal(id2, await client.GetSchemaIdAsync(subject, V2, normalize: false));
        Assert.Equal(Canonical(V1), Canonical(await client.GetSchemaAsync(id1)));
        var looked = await client.LookupSchemaAsync(subject, V1, ignoreDeletedSchemas: true, normalize: false);
        Assert.Equal((subject, 1, id1), (looked.Subject, looked.Version, looked.Id));
        var first = await client.GetRegisteredSchemaAsync(subject, 1, ignoreDeletedSchemas: true);
        Assert.Equal((1, id1), (first.Version, first.Id));
        Assert.Equal((2, id2), ((await client.GetLatestSchemaAsync(subject)).Version, (await client.GetLatestSchemaAsync(subject)).Id));
        Assert.Equal([1, 2], await client.GetSubjectVersionsAsync(subject));
        Assert.Contains(subject, await client.GetAllSubjectsAsync());

        Assert.False(await client.IsCompatibleAsync(subject, Incompatible));
        Assert.True(await client.IsCompatibleAsync(subject, V2));
        Assert.Equal(Level.FullTransitive, await client.UpdateCompatibilityAsync(Level.FullTransitive, subject));
        Assert.Equal(Level.FullTransitive, await client.GetCompatibilityAsync(subject));
        Assert.Equal(Level.Backward, await client.GetCompatibilityAsync());
    }

    [Fact]
    public async Task Refusals_carry_the_status_the_confluent_code_and_the_registry_message_naming_the_field()
    {
        var subject = Unique.Name("refuse") + "-value";
        await registry.Client.RegisterSchemaAsync(subject, V1, normalize: false);

        var incompatible = await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.Client.RegisterSchemaAsync(subject, Incompatible, normalize: false));
        var noSubject = await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.Client.GetLatestSchemaAsync(Unique.Name("nope")));
        var noId = await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.Client.GetSchemaAsync(987_654_321));
        var invalid = await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.Client.RegisterSchemaAsync(subject, new Schema("{\"type\":\"record\"}", SchemaType.Avro), normalize: false));

        Assert.Equal((HttpStatusCode.Conflict, 409), (incompatible.Status, incompatible.ErrorCode));
        Assert.Contains("'id'", SchemaRegistryFailures.RegistryMessage(incompatible));
        Assert.Equal((HttpStatusCode.NotFound, 40401), (noSubject.Status, noSubject.ErrorCode));
        Assert.Equal((HttpStatusCode.NotFound, 40403), (noId.Status, noId.ErrorCode));
        Assert.Equal(42201, invalid.ErrorCode);
        Assert.All([noSubject, noId], e => Assert.True(SchemaRegistryFailures.IsNotFound(e) && !SchemaRegistryFailures.IsUnavailable(e)));
        Assert.All([incompatible, invalid], e => Assert.False(SchemaRegistryFailures.IsNotFound(e) || SchemaRegistryFailures.IsUnavailable(e)));
    }

    [Fact]
    public async Task A_schema_id_the_registry_never_issued_is_not_found_through_the_deserializer_too()
    {
        var deserializer = new AvroDeserializer<string>(registry.Client, Avro.Schema.Parse("\"string\""));

        var error = await Assert.ThrowsAsync<SchemaRegistryException>(() =>
            deserializer.DeserializeAsync(new byte[] { 0, 0x3a, 0xde, 0x68, 0xb1, 2, (byte)'x' }, false, new SerializationContext(MessageComponentType.Value, "t")));

        Assert.Equal(40403, error.ErrorCode);
        Assert.True(SchemaRegistryFailures.IsNotFound(error));
        Assert.Contains("schema id 987654321", error.Message);
        Assert.Contains("topic 't'", error.Message);
    }

    [Fact]
    public async Task An_unreachable_registry_is_unavailable_not_missing_and_the_message_names_the_url()
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = url, MaxRetries = 2, RetriesWaitMs = 10 });

        var raw = await Assert.ThrowsAnyAsync<Exception>(() => client.GetSchemaAsync(1));
        var viaSerdes = await Assert.ThrowsAsync<SchemaRegistryUnavailableException>(() =>
            new AvroSerializer<string>(client, schema: Avro.Schema.Parse("\"string\"")).SerializeAsync("x", new SerializationContext(MessageComponentType.Value, "t")));

        Assert.True(SchemaRegistryFailures.IsUnavailable(raw));
        Assert.False(SchemaRegistryFailures.IsNotFound(raw));
        Assert.True(SchemaRegistryFailures.IsUnavailable(viaSerdes));
        Assert.Contains(url, viaSerdes.Message);
        Assert.Contains("subject 't-value'", viaSerdes.Message);
        Assert.Contains("unavailable", viaSerdes.Message);
    }

    [Fact]
    public async Task A_registry_that_comes_up_during_the_clients_retries_is_used()
    {
        var port = FreePort();
        // Up to 60 attempts about 250 ms apart on average: far longer than a registry takes to start.
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig
        {
            Url = $"http://127.0.0.1:{port}",
            MaxRetries = 60,
            RetriesWaitMs = 100,
            RetriesMaxWaitMs = 500,
        });

        var registering = client.RegisterSchemaAsync(Unique.Name("late"), V1, normalize: false);
        await Task.Delay(300);
        Assert.False(registering.IsCompleted);
        await using var server = await registry.StartServerAsync(port);

        Assert.True(await registering > 0);
    }

    [Fact]
    public async Task Server_errors_are_retried_by_the_client_and_not_found_is_not()
    {
        var calls = 0;
        await using var flaky = await Stub.StartAsync(async context =>
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
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = flaky.Url, MaxRetries = 3, RetriesWaitMs = 10 });

        Assert.Equal("\"string\"", (await client.GetSchemaAsync(1)).SchemaString);
        Assert.Equal(3, calls);

        var missing = await Assert.ThrowsAsync<SchemaRegistryException>(() => client.GetSchemaAsync(2));
        Assert.Equal(4, calls);
        Assert.True(SchemaRegistryFailures.IsNotFound(missing));
    }

    [Fact]
    public async Task A_registry_failing_on_its_side_after_the_retries_is_unavailable()
    {
        await using var broken = await Stub.StartAsync(async context =>
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("<html>proxy error</html>");
        });
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = broken.Url, MaxRetries = 2, RetriesWaitMs = 10 });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.GetAllSubjectsAsync());

        Assert.True(SchemaRegistryFailures.IsUnavailable(error), error.ToString());
        Assert.False(SchemaRegistryFailures.IsNotFound(error));
    }

    [Fact]
    public async Task Basic_auth_from_the_configuration_reaches_the_registry()
    {
        string? authorization = null;
        await using var secured = await Stub.StartAsync(async context =>
        {
            authorization = context.Request.Headers.Authorization;
            await context.Response.WriteAsync("""["a-value"]""");
        });
        var config = SchemaRegistrySettings.Bind(Configuration(new()
        {
            ["SchemaRegistry:Url"] = secured.Url,
            ["SchemaRegistry:BasicAuthCredentialsSource"] = "UserInfo",
            ["SchemaRegistry:BasicAuthUserInfo"] = "api-key:api-secret",
        }).GetSection("SchemaRegistry"));
        using var client = SchemaRegistrySettings.CreateClient(config);

        Assert.Equal(["a-value"], await client.GetAllSubjectsAsync());
        Assert.Equal("Basic " + Convert.ToBase64String("api-key:api-secret"u8.ToArray()), authorization);
    }

    private static string Canonical(Schema schema) => Avro.Schema.Parse(schema.SchemaString).ToString();

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A tiny HTTP server answering as scripted, for the failure modes a healthy registry never shows.</summary>
    private sealed record Stub(WebApplication App, string Url) : IAsyncDisposable
    {
        public static async Task<Stub> StartAsync(RequestDelegate handler)
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(handler);
            await app.StartAsync();
            return new Stub(app, app.Urls.First());
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
