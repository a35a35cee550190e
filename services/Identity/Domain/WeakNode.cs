namespace CustomerStream.Identity.Domain;

/// <summary>What identity knows of a device or cookie.</summary>
public sealed class WeakNode
{
    /// <summary>Identified uses, sorted by time then identifier.</summary>
    public List<Registration> Registrations { get; set; } = [];

    /// <summary>Anonymous events that carry this weak identifier (their owner is recomputed on a new registration).</summary>
    public List<string> AnonymousEvents { get; set; } = [];

    /// <summary>Strong identifier of the latest registration (the link shown for this identifier), if any.</summary>
    public string? LinkedOwner { get; set; }

    /// <summary>The earliest time any event carried this identifier (its link's <c>first_seen_ts</c>).</summary>
    public DateTime? FirstSeen { get; set; }

    /// <summary>Anonymous events currently attributed to this identifier's anonymous profile.</summary>
    public int AnonymousProfileEvents { get; set; }

    /// <summary>The anonymous profile of this identifier has been announced (facts emitted to it).</summary>
    public bool AnonymousProfileOpen { get; set; }

    /// <summary>The anonymous profile was merged into a customer and is closed for good.</summary>
    public bool AnonymousProfileMerged { get; set; }
}
