using CustomerStream.Kafka.Embedded;
using CustomerStream.Kafka.Topics;
using CustomerStream.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Kafka.Tests;

/// <summary>
/// A process other than the one hosting the embedded cluster (here: this test) creates topics through the
/// loopback admin endpoint, over real HTTP, as <c>customerstream run</c> does against <c>customerstream up</c>.
/// </summary>
public sealed class RemoteTopicProvisioningTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>, IAsyncLifetime
{
    private WebApplication? _host;
    private Uri? _adminUrl;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<ITopicProvisioner>(new EmbeddedTopicProvisioner(kafka.Cluster, TestClients.For(kafka.BootstrapServers)));
        _host = builder.Build();
        _host.MapKafkaTopicAdmin();
        await _host.StartAsync();
        var address = _host.Urls.Single();
        _adminUrl = new Uri($"{address}{KafkaTopicAdminEndpoints.DefaultPrefix}");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Topics_are_created_through_the_admin_endpoint_once_and_repeating_is_harmless()
    {
        using var provisioner = new RemoteTopicProvisioner(_adminUrl!, TimeSpan.FromSeconds(30));
        var name = Unique.Name("remote");

        var first = await provisioner.EnsureTopicsAsync([new TopicSpec(name, 5)], CancellationToken.None);
        var second = await provisioner.EnsureTopicsAsync([new TopicSpec(name, 5)], CancellationToken.None);

        Assert.Equal(new ProvisionedTopic(name, 5, Created: true), Assert.Single(first));
        Assert.Equal(new ProvisionedTopic(name, 5, Created: false), Assert.Single(second));
    }

    [Fact]
    public async Task A_partition_mismatch_on_the_remote_cluster_arrives_as_the_same_clear_error()
    {
        var name = Unique.Name("remote-narrow");
        kafka.Cluster.CreateTopic(name, partitions: 1);
        using var provisioner = new RemoteTopicProvisioner(_adminUrl!, TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<TopicProvisioningException>(
            () => provisioner.EnsureTopicsAsync([new TopicSpec(name, 3)], CancellationToken.None));

        Assert.Contains($"'{name}' has 1 partitions, 3 are required", error.Message);
    }

    [Fact]
    public async Task An_admin_endpoint_that_is_gone_is_reported_with_what_to_check()
    {
        using var provisioner = new RemoteTopicProvisioner(new Uri("http://127.0.0.1:1/admin/kafka"), TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<TopicProvisioningException>(
            () => provisioner.EnsureTopicsAsync([new TopicSpec("t", 1)], CancellationToken.None));

        Assert.Contains("is `customerstream up` still running?", error.Message);
    }
}
