namespace CustomerStream.Deployment.Tests;

/// <summary>The product's services as the deployment files run them, and how to check one.</summary>
internal static class Containers
{
    /// <summary>The port the image's services listen on, which probes, Services and published ports use.</summary>
    public const int Port = 8080;

    public static readonly TheoryData<string> Services = [.. CustomerStream.Cli.Stack.ServiceHosts.Services];

    public static ContainerImage Image { get; } = ContainerImage.FromDockerfile(RepositoryFiles.Read("Dockerfile"));

    /// <summary>The image's <c>ENV</c>, then what the orchestrator sets (which wins).</summary>
    public static IReadOnlyDictionary<string, string> Environment(IReadOnlyDictionary<string, string> orchestrated)
    {
        var environment = new Dictionary<string, string>(Image.Environment, StringComparer.Ordinal);
        foreach (var (key, value) in orchestrated)
        {
            environment[key] = value;
        }

        return environment;
    }

    /// <summary>What an operator puts in <c>.env</c> for docker compose: a value for every required variable.</summary>
    public static IReadOnlyDictionary<string, string> ComposeVariables(ComposeFile compose) =>
        compose.RequiredVariables(RepositoryFiles.Read("docker-compose.yml"))
            .ToDictionary(v => v, _ => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), StringComparer.Ordinal);

    /// <summary>A compose service's container: its environment and its file system (named volumes take the image directory's owner).</summary>
    public static (IReadOnlyDictionary<string, string> Environment, ContainerFileSystem Files) Compose(
        ComposeFile compose, string service, IReadOnlyDictionary<string, string> variables)
    {
        var mounts = compose.NamedVolumes(service)
            .Select(v => new ContainerMount(v.Path, Image.UserDirectories.Contains(v.Path)
                ? null
                : $"named volume '{v.Volume}' at {v.Path} takes the owner of that path in the image, and the image gives the service user only {string.Join(", ", Image.UserDirectories)}"))
            .ToList();
        return (Environment(compose.Environment(service, variables)), new ContainerFileSystem(Image, mounts));
    }

    /// <summary>A Kubernetes workload's container: its environment and its file system.</summary>
    public static (IReadOnlyDictionary<string, string> Environment, ContainerFileSystem Files) Kubernetes(KubernetesManifests manifests, string service)
    {
        var workload = manifests.Workload(service);
        var container = KubernetesManifests.Container(workload);
        return (Environment(manifests.Environment(container)), new ContainerFileSystem(Image, KubernetesManifests.Mounts(workload, container)));
    }
}
