namespace CustomerStream.Identity.Domain;

/// <summary>A web event identity has seen, and who it is attributed to now.</summary>
public sealed class WebEventNode
{
    public DateTime Ts { get; set; }

    public string Type { get; set; } = "";

    public string? SessionId { get; set; }

    public string? Email { get; set; }

    public string? Device { get; set; }

    public string? Cookie { get; set; }

    /// <summary>The identifier that owns the event: a strong identifier, or the weak identifier of an anonymous profile.</summary>
    public string Owner { get; set; } = "";

    /// <summary>True when the event itself carried a strong identifier (its owner never changes).</summary>
    public bool Identified { get; set; }
}
