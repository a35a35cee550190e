namespace CustomerStream.Identity.Domain;

/// <summary>What applying one erasure request did, for metrics and logs.</summary>
public enum ErasureOutcome
{
    /// <summary>The person was found and forgotten.</summary>
    Erased,

    /// <summary>Identity holds nothing under the subject: it is remembered as erased, so its records are refused when they come.</summary>
    NotFound,

    /// <summary>The subject was erased before (a repeated request, or a replay of the ledger).</summary>
    AlreadyErased,
}
