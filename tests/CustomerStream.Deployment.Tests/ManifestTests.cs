using System.Text.RegularExpressions;
using System.Xml.Linq;
using YamlDotNet.RepresentationModel;

namespace CustomerStream.Deployment.Tests;

/// <summary>What the deployment files must say beyond "it starts": state, disruption, probes, secrets, image layers.</summary>
public sealed partial class ManifestTests
{
    [Theory]
    [InlineData("identity", "Identity__StateDirectory")]
    [InlineData("aggregator", "Aggregator__StateDirectory")]
    public void Stateful_services_are_StatefulSets_with_a_volume_per_replica_under_their_state_directory(string service, string setting)
    {
        var manifests = KubernetesManifests.FromRepository();
        var workload = manifests.Workload(service);
        var container = KubernetesManifests.Container(workload);
        var claim = Assert.Single(workload.Items("spec", "volumeClaimTemplates"));
        var mount = Assert.Single(container.Items("volumeMounts"), m => m.Text("name") == claim.Text("metadata", "name"));
        var directory = Containers.Kubernetes(manifests, service).Environment[setting];

        Assert.Equal("StatefulSet", workload.Text("kind"));
        Assert.StartsWith(mount.Text("mountPath")! + "/", directory, StringComparison.Ordinal);
        Assert.NotNull(workload.Text("spec", "template", "spec", "securityContext", "fsGroup"));
        Assert.Equal(service, manifests.Object("PodDisruptionBudget", service).Text("spec", "selector", "matchLabels", "app.kubernetes.io/name"));
        Assert.NotNull(workload.Get("spec", "template", "spec", "affinity", "podAntiAffinity"));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_workload_has_startup_liveness_and_readiness_probes_on_the_container_port(string service)
    {
        var container = KubernetesManifests.Container(KubernetesManifests.FromRepository().Workload(service));
        var port = container.Items("ports").Single(p => p.Text("name") == "http");

        Assert.Equal(Containers.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), port.Text("containerPort"));
        Assert.Equal("/health/live", container.Text("startupProbe", "httpGet", "path"));
        Assert.Equal("/health/live", container.Text("livenessProbe", "httpGet", "path"));
        Assert.Equal("/health/ready", container.Text("readinessProbe", "httpGet", "path"));
        Assert.All(new[] { "startupProbe", "livenessProbe", "readinessProbe" }, probe => Assert.Equal("http", container.Text(probe, "httpGet", "port")));
        Assert.NotNull(container.Text("resources", "requests", "memory"));
        Assert.NotNull(container.Text("resources", "limits", "memory"));
    }

    [Fact]
    public void No_secret_value_is_written_into_the_rendered_manifests()
    {
        var manifests = KubernetesManifests.FromRepository();
        var literal = manifests.Documents
            .Where(d => d.Text("kind") is "Deployment" or "StatefulSet")
            .SelectMany(d => KubernetesManifests.Container(d).Items("env"))
            .Where(e => e.Text("value") is not null && SecretName().IsMatch(e.Text("name")!))
            .Select(e => e.Text("name"));

        Assert.Empty(literal);
        Assert.DoesNotContain("Password=", manifests.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(manifests.Documents, d => d.Text("kind") == "Secret");
        Assert.All(manifests.Documents.Where(d => d.Text("kind") == "ConfigMap").SelectMany(d => d.Entries("data")),
            e => Assert.DoesNotMatch(SecretName(), e.Key));
    }

    [Fact]
    public void Every_secret_the_workloads_read_is_listed_in_the_example_and_every_example_key_is_read()
    {
        var manifests = KubernetesManifests.FromRepository();
        var containers = manifests.Documents.Where(d => d.Text("kind") is "Deployment" or "StatefulSet").Select(KubernetesManifests.Container).ToList();
        var referenced = containers.SelectMany(c => c.Items("env"))
            .Where(e => e.Text("valueFrom", "secretKeyRef", "name") is not null)
            .Select(e => (Secret: e.Text("valueFrom", "secretKeyRef", "name")!, Key: e.Text("valueFrom", "secretKeyRef", "key")!))
            .ToHashSet();
        var whole = containers.SelectMany(c => c.Items("envFrom")).Select(s => s.Text("secretRef", "name")).OfType<string>().ToHashSet();
        var listed = manifests.Secrets.SelectMany(s => s.Entries("stringData").Select(e => (Secret: s.Text("metadata", "name")!, e.Key))).ToHashSet();

        Assert.Subset(listed, referenced);
        Assert.All(listed.Where(l => !whole.Contains(l.Secret)), l => Assert.Contains(l, referenced));
        Assert.Contains(("customerstream-secrets", "Projection__BiRolePassword"), referenced);
        Assert.Contains(("customerstream-secrets", "ConnectionStrings__Postgres"), referenced);
        Assert.Contains(("customerstream-secrets", "Ingest__Api__ApiKeys__0"), referenced);
        Assert.Contains(("customerstream-secrets", "Customer360__ApiKeys__0"), referenced);
    }

    [Fact]
    public void Compose_has_no_default_password_and_its_env_example_lists_every_variable_it_requires()
    {
        var text = RepositoryFiles.Read("docker-compose.yml");
        var required = ComposeFile.FromRepository().RequiredVariables(text);
        var example = RepositoryFiles.Read("deploy/compose/env.example").Split('\n')
            .Where(l => l.Contains('=') && !l.StartsWith('#')).Select(l => l.Split('=')[0]).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(required.Order(), example.Order());
        Assert.Contains("POSTGRES_PASSWORD", required);
        Assert.DoesNotMatch(@"(?i)password[:=]\s*[A-Za-z0-9_]+\s*$", string.Join('\n', text.Split('\n').Where(l => !l.Contains("${", StringComparison.Ordinal))));
    }

    [Fact]
    public void Compose_services_wait_for_a_healthy_registry_and_PostgreSQL()
    {
        var compose = ComposeFile.FromRepository();
        foreach (var service in Containers.Services)
        {
            Assert.Equal("service_healthy", compose.Service(service).Text("depends_on", "schema-registry", "condition"));
            // The bridge alone keeps nothing in PostgreSQL; it waits for its broker instead.
            var store = service == "bridge" ? "rabbitmq" : "postgres";
            Assert.Equal("service_healthy", compose.Service(service).Text("depends_on", store, "condition"));
        }

        Assert.NotNull(compose.Service("rabbitmq").Get("healthcheck", "test"));

        Assert.NotNull(compose.Service("schema-registry").Get("healthcheck", "test"));
        Assert.NotNull(compose.Service("postgres").Get("healthcheck", "test"));
        Assert.Contains(Containers.Port, compose.ContainerPorts("ingest-api"));
        Assert.Contains(Containers.Port, compose.ContainerPorts("console"));
        foreach (var tool in new[] { "prometheus", "grafana", "kafka-ui" })
        {
            Assert.NotNull(compose.Service(tool));
        }
    }

    [Fact]
    public void The_Dockerfile_restores_in_its_own_layer_every_project_the_CLI_needs_before_copying_the_sources()
    {
        var lines = RepositoryFiles.Read("Dockerfile").Split('\n').Select(l => l.Trim()).ToList();
        var restore = lines.FindIndex(l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        var copyAll = lines.FindIndex(l => l == "COPY . .");
        var copied = lines.Take(restore).Where(l => l.StartsWith("COPY ", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).SkipLast(1))
            .Where(p => p.EndsWith(".csproj", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

        Assert.InRange(restore, 1, copyAll - 1);
        Assert.Equal(ProjectGraph("services/Cli/CustomerStream.Cli.csproj").Order(), copied.Order());
    }

    public static TheoryData<string> Services => Containers.Services;

    /// <summary>The project and every project it references, transitively, relative to the repository root.</summary>
    private static HashSet<string> ProjectGraph(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(RepositoryFiles.Path(current))!;
            foreach (var reference in XDocument.Load(RepositoryFiles.Path(current)).Descendants("ProjectReference"))
            {
                pending.Push(Path.GetRelativePath(RepositoryFiles.Root, Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value))).Replace('\\', '/'));
            }
        }

        return seen;
    }

    [GeneratedRegex("(?i)password|apikey|api_key|secret|ConnectionStrings")]
    private static partial Regex SecretName();
}
