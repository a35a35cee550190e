using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CustomerStream.Kafka;
using CustomerStream.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CustomerStream.ServiceDefaults.Tests;

/// <summary>A service host built the way every service builds one, on loopback, against the embedded cluster.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ServiceHostTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Live_and_ready_answer_with_each_check_when_Kafka_is_reachable()
    {
        await using var app = await StartAsync(b => b.Services.AddEmbeddedKafka(kafka.Cluster));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var live = await http.GetAsync(CustomerStreamDefaults.LivePath);
        var ready = await http.GetAsync(CustomerStreamDefaults.ReadyPath);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("kafka").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_Kafka_the_service_is_live_but_not_ready()
    {
        await using var app = await StartAsync(b => b.Configuration[ConfigurationKeys.KafkaBootstrapServers] = "127.0.0.1:1");
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(CustomerStreamDefaults.LivePath)).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(CustomerStreamDefaults.ReadyPath)).StatusCode);
    }

    [Fact]
    public async Task Invalid_options_stop_the_service_at_start_up_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(b =>
        {
            b.Services.AddEmbeddedKafka(kafka.Cluster);
            b.Configuration["Sample:BatchSize"] = "0";
            b.AddValidatedOptions<SampleOptions>("Sample");
        }));

        Assert.Contains("BatchSize", error.Message);
    }

    [Fact]
    public async Task Missing_Kafka_configuration_stops_the_service_at_start_up()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(_ => { }));

        Assert.Contains("Kafka:BootstrapServers is empty", error.Message);
    }

    [Fact]
    public async Task Activities_of_every_CustomerStream_source_are_recorded()
    {
        await using var app = await StartAsync(b => b.Services.AddEmbeddedKafka(kafka.Cluster));
        using var source = new ActivitySource($"CustomerStream.Test{Guid.NewGuid():N}");
        using var unrelated = new ActivitySource($"Elsewhere.Test{Guid.NewGuid():N}");

        using var activity = source.StartActivity("work");
        using var ignored = unrelated.StartActivity("work");

        Assert.NotNull(activity);
        Assert.Null(ignored);
    }

    private static async Task<WebApplication> StartAsync(Action<WebApplicationBuilder> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddCustomerStreamDefaults();
        // The hosts work as services do, but their console logs would only bury the test output.
        builder.Logging.ClearProviders();
        configure(builder);
        var app = builder.Build();
        app.MapCustomerStreamDefaults();
        try
        {
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public sealed class SampleOptions
    {
        [Range(1, 1000)]
        public int BatchSize { get; set; } = 10;
    }
}
