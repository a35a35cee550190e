using Confluent.SchemaRegistry;
using CustomerStream.Aggregator.Hosting;
using CustomerStream.SchemaRegistry;
using CustomerStream.Streaming.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerStream.Aggregator.Tests.Service;

public sealed class AggregatorRegistrationTests
{
    [Fact]
    public async Task Without_aggregator_settings_the_service_uses_its_default_application_id_and_state_directory()
    {
        await using var provider = Services(new()).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AggregatorOptions>>().Value;
        Assert.Equal("customerstream-aggregator", options.ApplicationId);
        Assert.Equal(Path.Combine(".customerstream", "state", "aggregator"), options.StateDirectory);
        var application = provider.GetAggregatorApplication();
        Assert.Equal("customerstream-aggregator", application.ApplicationId);
        Assert.Equal(StreamApplicationState.Created, application.State);
        Assert.Equal("customerstream-aggregator-changelog", application.ChangelogTopic);
    }

    [Fact]
    public async Task Aggregator_settings_come_from_the_aggregator_section()
    {
        await using var provider = Services(new() { ["Aggregator:ApplicationId"] = "agg-two", ["Aggregator:StateDirectory"] = "/tmp/agg-two" }).BuildServiceProvider();

        Assert.Equal("agg-two", provider.GetAggregatorApplication().ApplicationId);
        Assert.Equal("/tmp/agg-two", provider.GetRequiredService<IOptions<AggregatorOptions>>().Value.StateDirectory);
    }

    [Fact]
    public void A_schema_registry_client_registered_before_is_the_one_the_aggregator_uses()
    {
        using var mine = SchemaRegistrySettings.CreateClient("http://127.0.0.1:1");
        var services = new ServiceCollection().AddSingleton<ISchemaRegistryClient>(mine);
        services.AddLogging().AddAggregatorService(Configuration(new()));
        using var provider = services.BuildServiceProvider();

        Assert.Same(mine, provider.GetRequiredService<ISchemaRegistryClient>());
        Assert.Single(services, d => d.ServiceType == typeof(ISchemaRegistryClient));
    }

    [Fact]
    public void Adding_the_service_twice_runs_one_application()
    {
        var services = Services(new());
        var hostedServices = services.Count(d => d.ServiceType == typeof(IHostedService));

        services.AddAggregatorService(Configuration(new()));

        Assert.Equal(hostedServices, services.Count(d => d.ServiceType == typeof(IHostedService)));
    }

    [Fact]
    public async Task An_invalid_application_id_stops_the_host_at_start_up()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(Configuration(new() { ["Aggregator:ApplicationId"] = "not valid!" }));
        builder.Services.AddAggregatorService(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Aggregator:ApplicationId", error.Message);
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging().AddAggregatorService(Configuration(settings));
        return services;
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Kafka:BootstrapServers", "127.0.0.1:9092");
        settings.TryAdd("SchemaRegistry:Url", "http://127.0.0.1:8081");
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }
}
