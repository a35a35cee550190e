namespace CustomerStream.Identity.Domain;

/// <summary>
/// The identity graph's storage. The engine mutates nodes it got from here and always puts them
/// back, so an implementation may keep copies (a store with a changelog) or the objects themselves
/// (a dictionary).
/// </summary>
public interface IIdentityState
{
    IdentifierNode? GetIdentifier(string identifier);

    void PutIdentifier(string identifier, IdentifierNode node);

    ClusterNode GetCluster(string root);

    void PutCluster(string root, ClusterNode cluster);

    void DeleteCluster(string root);

    EntityVersion? GetVersion(string entityKey);

    void PutVersion(string entityKey, EntityVersion version);

    WebEventNode? GetWebEvent(string eventId);

    void PutWebEvent(string eventId, WebEventNode node);

    WeakNode? GetWeak(string identifier);

    void PutWeak(string identifier, WeakNode node);

    /// <summary>Next value of the global sequence (persisted, so a replay reuses the same numbers).</summary>
    long NextSeq();
}
