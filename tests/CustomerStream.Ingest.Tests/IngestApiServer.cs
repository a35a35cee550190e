using System.Text;
using CustomerStream.Contracts.Erasure;
using CustomerStream.Ingest.Erasure;
using CustomerStream.Ingest.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Ingest.Tests;

/// <summary>The ingest API in a real Kestrel host on a free loopback port, publishing to an <see cref="IngestCluster"/>.</summary>
internal sealed class IngestApiServer : IAsyncDisposable
{
    public const string Key = "test-key-0123456789abcdef";

    private readonly WebApplication _app;

    private IngestApiServer(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<IngestApiServer> StartAsync(IngestCluster cluster, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?> { ["Ingest:Api:ApiKeys:0"] = Key });
        builder.Services.AddSingleton(cluster.Producer);
        builder.Services.AddSingleton(IngestCluster.Serializers());
        builder.Services.AddIngest(builder.Configuration);
        builder.Services.Configure<IngestOptions>(o => o.Sources = IngestCluster.ProfilesConfig());
        builder.Services.AddIngestApi(builder.Configuration);
        builder.Services.AddSingleton(new ErasurePublisher(cluster.Producer, new JsonStandInSerializer<ErasureRequest>()));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapIngestApi();
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return new IngestApiServer(app, client);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string body, string? key = Key, string? requestId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add(IngestApiOptions.ApiKeyHeader, key);
        }

        if (requestId is not null)
        {
            request.Headers.Add(IngestApiOptions.RequestIdHeader, requestId);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
