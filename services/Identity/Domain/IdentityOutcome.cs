namespace CustomerStream.Identity.Domain;

/// <summary>What processing one record did, for metrics and logs.</summary>
public enum IdentityOutcome
{
    /// <summary>The record was attributed and forwarded.</summary>
    Applied,

    /// <summary>Its identifiers were applied but the record is an exact re-send or an older version: nothing forwarded.</summary>
    NotNewer,

    /// <summary>A web event id seen before: ignored entirely.</summary>
    DuplicateEvent,

    /// <summary>The record carries no usable identifier (ingest should have rejected it).</summary>
    Unlinkable,

    /// <summary>The record carries an erased identifier (the erasure ledger): refused, counted, never forwarded.</summary>
    Erased,
}
