using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace CustomerStream.Deployment.Tests;

/// <summary>
/// deploy/kubernetes as <c>kubectl kustomize</c> renders it, with the Secrets taken from
/// <c>secret.example.yaml</c> (the real ones are created by the operator with the same keys).
/// </summary>
internal sealed class KubernetesManifests
{
    private static readonly Lazy<KubernetesManifests> Rendered = new(Render);

    private KubernetesManifests(IReadOnlyList<YamlMappingNode> documents, IReadOnlyList<YamlMappingNode> secrets, string text)
    {
        Documents = documents;
        Secrets = secrets;
        Text = text;
    }

    public IReadOnlyList<YamlMappingNode> Documents { get; }

    public IReadOnlyList<YamlMappingNode> Secrets { get; }

    /// <summary>The rendered YAML.</summary>
    public string Text { get; }

    public static KubernetesManifests FromRepository() => Rendered.Value;

    public YamlMappingNode Object(string kind, string name) =>
        Documents.SingleOrDefault(d => d.Text("kind") == kind && d.Text("metadata", "name") == name)
        ?? throw new InvalidOperationException($"kubectl kustomize deploy/kubernetes renders no {kind} {name}");

    /// <summary>The Deployment or StatefulSet named <paramref name="name"/>.</summary>
    public YamlMappingNode Workload(string name) =>
        Documents.SingleOrDefault(d => d.Text("kind") is "Deployment" or "StatefulSet" && d.Text("metadata", "name") == name)
        ?? throw new InvalidOperationException($"kubectl kustomize deploy/kubernetes renders no workload {name}");

    public static YamlNode Container(YamlNode workload) => workload.Items("spec", "template", "spec", "containers").Single();

    /// <summary>Keys of the example Secret <paramref name="name"/>.</summary>
    public IReadOnlyDictionary<string, string> SecretData(string name) =>
        (Secrets.SingleOrDefault(s => s.Text("metadata", "name") == name) ?? throw new InvalidOperationException($"secret.example.yaml has no Secret {name}"))
        .Entries("stringData").ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value ?? "", StringComparer.Ordinal);

    /// <summary>
    /// The container's environment, in Kubernetes' order: <c>envFrom</c> sources, then <c>env</c> (which wins);
    /// optional Secrets that an operator may leave out are left out.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment(YamlNode container)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.Items("envFrom"))
        {
            if (source.Text("configMapRef", "name") is { } configMap)
            {
                foreach (var (key, value) in Object("ConfigMap", configMap).Entries("data"))
                {
                    environment[key] = ((YamlScalarNode)value).Value ?? "";
                }
            }
            else if (source.Text("secretRef", "name") is { } secret && source.Text("secretRef", "optional") != "true")
            {
                foreach (var (key, value) in SecretData(secret))
                {
                    environment[key] = value;
                }
            }
        }

        foreach (var variable in container.Items("env"))
        {
            var name = variable.Text("name")!;
            environment[name] = variable.Text("value")
                ?? (variable.Text("valueFrom", "secretKeyRef", "name") is { } secret
                    ? SecretData(secret)[variable.Text("valueFrom", "secretKeyRef", "key")!]
                    : variable.Text("valueFrom", "configMapKeyRef", "name") is { } configMap
                        ? Object("ConfigMap", configMap).Text("data", variable.Text("valueFrom", "configMapKeyRef", "key")!)!
                        : throw new InvalidOperationException($"env {name} has neither a value nor a secret or config map reference"));
        }

        return environment;
    }

    /// <summary>
    /// The volumes mounted into the container and whether the pod's user can write them: a volume of a pod
    /// with an <c>fsGroup</c> is made group-writable for that group by the kubelet; otherwise it belongs to root.
    /// </summary>
    public static IReadOnlyList<ContainerMount> Mounts(YamlNode workload, YamlNode container)
    {
        var pod = workload.Get("spec", "template", "spec");
        var fsGroup = pod.Text("securityContext", "fsGroup");
        var runAsUser = pod.Text("securityContext", "runAsUser");
        var claims = workload.Items("spec", "volumeClaimTemplates").Select(c => c.Text("metadata", "name")!).ToHashSet(StringComparer.Ordinal);
        var volumes = pod.Items("volumes").Select(v => v.Text("name")!).ToHashSet(StringComparer.Ordinal);
        return container.Items("volumeMounts").Select(m =>
        {
            var name = m.Text("name")!;
            string? problem = !claims.Contains(name) && !volumes.Contains(name)
                ? $"volume '{name}' is mounted but not defined"
                : m.Text("readOnly") == "true"
                    ? $"volume '{name}' is mounted read-only"
                    : fsGroup is null && runAsUser != "0"
                        ? $"volume '{name}' belongs to root: the pod sets no securityContext.fsGroup for the service user"
                        : null;
            return new ContainerMount(m.Text("mountPath")!, problem);
        }).ToList();
    }

    private static KubernetesManifests Render()
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", RepositoryFiles.Path("deploy/kubernetes")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is not installed; ./test.sh installs it (apt-get install kubernetes-client).", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubectl kustomize deploy/kubernetes failed: {error.Result}");
            }

            var secrets = YamlNodes.Documents(RepositoryFiles.Read("deploy/kubernetes/secret.example.yaml"));
            return new KubernetesManifests(YamlNodes.Documents(output.Result), secrets, output.Result);
        }
    }
}
