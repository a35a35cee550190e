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

    void DeleteIdentifier(string identifier);

    /// <summary>The strong identifier whose Customer360 ID (<c>Customer360Id.From</c>) is <paramref name="derivedId"/>, if identity holds it.</summary>
    string? GetIdentifierOf(string derivedId);

    void PutIdentifierOf(string derivedId, string identifier);

    void DeleteIdentifierOf(string derivedId);

    void DeleteVersion(string entityKey);

    void DeleteWebEvent(string eventId);

    void DeleteWeak(string identifier);

    /// <summary>True once any identifier was erased (so that records are checked against the erased set at all).</summary>
    bool HasErasures { get; }

    /// <summary>Whether the identifier or customer whose Customer360 ID is <paramref name="derivedId"/> was erased.</summary>
    bool IsErased(string derivedId);

    /// <summary>Remembers <paramref name="derivedId"/> as erased, for good (it survives restore and replay with the state).</summary>
    void MarkErased(string derivedId);

    /// <summary>Next value of the global sequence (persisted, so a replay reuses the same numbers).</summary>
    long NextSeq();
}
