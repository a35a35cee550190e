using CustomerStream.Identity.Domain;

namespace CustomerStream.Identity.Tests.Support;

/// <summary>The identity graph in dictionaries: for the engine's tests and benchmark, which stitch a data set in memory.</summary>
public sealed class InMemoryIdentityState : IIdentityState
{
    private readonly Dictionary<string, IdentifierNode> _identifiers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClusterNode> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EntityVersion> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WebEventNode> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WeakNode> _weak = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _derived = new(StringComparer.Ordinal);
    private readonly HashSet<string> _erased = new(StringComparer.Ordinal);
    private long _seq;

    public int IdentifierCount => _identifiers.Count;

    public int ClusterCount => _clusters.Count;

    public IdentifierNode? GetIdentifier(string identifier) => _identifiers.GetValueOrDefault(identifier);

    public void PutIdentifier(string identifier, IdentifierNode node) => _identifiers[identifier] = node;

    public ClusterNode GetCluster(string root) => _clusters[root];

    public void PutCluster(string root, ClusterNode cluster) => _clusters[root] = cluster;

    public void DeleteCluster(string root) => _clusters.Remove(root);

    public EntityVersion? GetVersion(string entityKey) => _versions.GetValueOrDefault(entityKey);

    public void PutVersion(string entityKey, EntityVersion version) => _versions[entityKey] = version;

    public WebEventNode? GetWebEvent(string eventId) => _events.GetValueOrDefault(eventId);

    public void PutWebEvent(string eventId, WebEventNode node) => _events[eventId] = node;

    public WeakNode? GetWeak(string identifier) => _weak.GetValueOrDefault(identifier);

    public void PutWeak(string identifier, WeakNode node) => _weak[identifier] = node;

    public void DeleteIdentifier(string identifier) => _identifiers.Remove(identifier);

    public string? GetIdentifierOf(string derivedId) => _derived.GetValueOrDefault(derivedId);

    public void PutIdentifierOf(string derivedId, string identifier) => _derived[derivedId] = identifier;

    public void DeleteIdentifierOf(string derivedId) => _derived.Remove(derivedId);

    public void DeleteVersion(string entityKey) => _versions.Remove(entityKey);

    public void DeleteWebEvent(string eventId) => _events.Remove(eventId);

    public void DeleteWeak(string identifier) => _weak.Remove(identifier);

    public bool HasErasures => _erased.Count > 0;

    public bool IsErased(string derivedId) => _erased.Contains(derivedId);

    public void MarkErased(string derivedId) => _erased.Add(derivedId);

    public long NextSeq() => ++_seq;
}
