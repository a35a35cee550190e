using CustomerStream.Kafka.Topics;
using CustomerStream.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomerStream.Kafka.Tests;

/// <summary>Service code asks for <see cref="ITopicProvisioner"/>; configuration alone decides which one it gets.</summary>
public sealed class KafkaRegistrationTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public void A_real_cluster_gets_the_Admin_API_provisioner()
    {
        using var services = Build(new() { ["Kafka:BootstrapServers"] = "kafka:9092" });

        Assert.IsType<AdminApiTopicProvisioner>(services.GetRequiredService<ITopicProvisioner>());
    }

    [Fact]
    public void An_embedded_cluster_in_another_process_is_reached_through_its_admin_url()
    {
        using var services = Build(new()
        {
            ["Kafka:BootstrapServers"] = "127.0.0.1:1234",
            ["Kafka:Mode"] = "Embedded",
            ["Kafka:AdminUrl"] = "http://127.0.0.1:5000/admin/kafka",
        });

        Assert.IsType<RemoteTopicProvisioner>(services.GetRequiredService<ITopicProvisioner>());
    }

    [Fact]
    public void An_embedded_cluster_in_this_process_provides_bootstrap_servers_and_topic_creation()
    {
        using var services = Build([], s => s.AddEmbeddedKafka(kafka.Cluster));

        Assert.IsType<EmbeddedTopicProvisioner>(services.GetRequiredService<ITopicProvisioner>());
        Assert.Equal(kafka.BootstrapServers, services.GetRequiredService<IOptions<KafkaOptions>>().Value.BootstrapServers);
    }

    [Fact]
    public void Missing_bootstrap_servers_fail_with_a_sentence_naming_the_setting()
    {
        using var services = Build([]);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KafkaOptions>>().Value);

        Assert.Contains("Kafka:BootstrapServers is empty", error.Message);
    }

    [Fact]
    public void Embedded_mode_without_a_cluster_or_admin_url_fails_with_where_to_find_one()
    {
        using var services = Build(new() { ["Kafka:BootstrapServers"] = "127.0.0.1:1", ["Kafka:Mode"] = "Embedded" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KafkaOptions>>().Value);

        Assert.Contains("kafka_admin_url", error.Message);
    }

    [Fact]
    public void Out_of_range_tuning_is_refused()
    {
        using var services = Build(new() { ["Kafka:BootstrapServers"] = "k:9092", ["Kafka:FetchWaitMaxMs"] = "-1" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KafkaOptions>>().Value);

        Assert.Contains("FetchWaitMaxMs", error.Message);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection().AddLogging();
        extra?.Invoke(services);
        services.AddCustomerStreamKafka(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
