using CustomerStream.ServiceDefaults.State;

namespace CustomerStream.Deployment.Tests;

/// <summary>
/// Every service of docker-compose.yml and deploy/kubernetes starts with the configuration those files give
/// it: the service's own start-up binding and validation run with the container's environment (the image's
/// ENV plus the orchestrator's), the container's file system decides whether its state directory can be
/// written, and it must listen on the container port and be given no loopback address.
/// </summary>
public sealed class ServicesStartTests
{
    [Theory]
    [MemberData(nameof(Services))]
    public void A_docker_compose_service_starts_with_the_environment_and_volumes_compose_gives_it(string service)
    {
        var compose = ComposeFile.FromRepository();
        var (environment, files) = Containers.Compose(compose, service, Containers.ComposeVariables(compose));

        Assert.Empty(ServiceStartup.Problems(service, environment, files, Containers.Port));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_Kubernetes_workload_starts_with_the_environment_and_volumes_the_rendered_manifests_give_it(string service)
    {
        var (environment, files) = Containers.Kubernetes(KubernetesManifests.FromRepository(), service);

        Assert.Empty(ServiceStartup.Problems(service, environment, files, Containers.Port));
    }

    [Fact]
    public void The_check_fails_on_a_missing_API_key()
    {
        var compose = ComposeFile.FromRepository();
        var (environment, files) = Containers.Compose(compose, "ingest-api", Containers.ComposeVariables(compose));
        var without = environment.Where(e => !e.Key.StartsWith("Ingest__Api__ApiKeys", StringComparison.Ordinal)).ToDictionary();

        var problems = ServiceStartup.Problems("ingest-api", without, files, Containers.Port);

        Assert.Contains(problems, p => p.Contains("Ingest:Api:ApiKeys", StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_fails_on_a_missing_or_short_read_API_key_of_the_console()
    {
        var compose = ComposeFile.FromRepository();
        var (environment, files) = Containers.Compose(compose, "console", Containers.ComposeVariables(compose));
        var without = environment.Where(e => !e.Key.StartsWith("Customer360__ApiKeys", StringComparison.Ordinal)).ToDictionary();
        var tooShort = new Dictionary<string, string>(environment) { ["Customer360__ApiKeys__0"] = "short" };

        Assert.Contains(ServiceStartup.Problems("console", without, files, Containers.Port), p => p.Contains("Customer360:ApiKeys: configure at least one", StringComparison.Ordinal));
        Assert.Contains(ServiceStartup.Problems("console", tooShort, files, Containers.Port), p => p.Contains("Customer360:ApiKeys: every key needs at least 16", StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_fails_on_a_console_without_its_database_or_listening_on_loopback()
    {
        var (environment, files) = Containers.Kubernetes(KubernetesManifests.FromRepository(), "console");
        var noDatabase = environment.Where(e => e.Key != "ConnectionStrings__Postgres").ToDictionary();
        var loopback = new Dictionary<string, string>(environment) { ["Customer360__Url"] = "http://127.0.0.1:5090" };

        Assert.Contains(ServiceStartup.Problems("console", noDatabase, files, Containers.Port), p => p.Contains("ConnectionStrings:Postgres", StringComparison.Ordinal));
        Assert.Contains(ServiceStartup.Problems("console", loopback, files, Containers.Port), p => p.Contains("only the container itself can reach", StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_fails_on_an_address_only_reachable_on_loopback()
    {
        var (environment, files) = Containers.Kubernetes(KubernetesManifests.FromRepository(), "identity");
        var local = new Dictionary<string, string>(environment) { ["Kafka__BootstrapServers"] = "localhost:9092" };

        var problems = ServiceStartup.Problems("identity", local, files, Containers.Port);

        Assert.Contains(problems, p => p.Contains("'localhost:9092' is loopback", StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_fails_on_a_service_listening_on_loopback_or_another_port()
    {
        var (environment, files) = Containers.Kubernetes(KubernetesManifests.FromRepository(), "ingest-api");
        var loopback = new Dictionary<string, string>(environment) { ["Ingest__Api__Url"] = "http://127.0.0.1:5080" };
        var otherPort = new Dictionary<string, string>(environment) { ["Ingest__Api__Url"] = "http://+:5080" };

        Assert.Contains(ServiceStartup.Problems("ingest-api", loopback, files, Containers.Port), p => p.Contains("only the container itself can reach", StringComparison.Ordinal));
        Assert.Contains(ServiceStartup.Problems("ingest-api", otherPort, files, Containers.Port), p => p.Contains("container port", StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_fails_on_a_state_directory_the_image_user_cannot_write()
    {
        // What the services did before the image had a state volume: the relative default, under WORKDIR /app.
        var (environment, files) = Containers.Kubernetes(KubernetesManifests.FromRepository(), "aggregator");
        var underApp = new Dictionary<string, string>(environment) { ["Aggregator__StateDirectory"] = "/app/.customerstream/state/aggregator" };

        var problems = ServiceStartup.Problems("aggregator", underApp, files, Containers.Port);

        Assert.Contains(problems, p => p.Contains("Aggregator:StateDirectory", StringComparison.Ordinal) && p.Contains("owned by root", StringComparison.Ordinal));
    }

    [Fact]
    public void A_volume_without_an_fsGroup_is_not_writable_for_the_service_user()
    {
        var files = new ContainerFileSystem(Containers.Image, [new ContainerMount("/var/lib/customerstream", "belongs to root")]);
        IDirectoryAccess access = files;

        Assert.NotNull(access.CheckWritable("/var/lib/customerstream/identity"));
        Assert.Null(new ContainerFileSystem(Containers.Image, [new ContainerMount("/var/lib/customerstream", null)]).CheckWritable("/var/lib/customerstream/identity"));
    }

    public static TheoryData<string> Services => Containers.Services;
}
