namespace CustomerStream.Identity.Domain;

/// <summary>A logged-in (identified) event used a device or cookie at <see cref="Ts"/>.</summary>
public sealed record Registration : IComparable<Registration>
{
    /// <summary>For the state encoding.</summary>
    public Registration()
    {
    }

    public Registration(DateTime ts, string identifier)
    {
        Ts = ts;
        Identifier = identifier;
    }

    public DateTime Ts { get; init; }

    public string Identifier { get; init; } = "";

    public int CompareTo(Registration? other) =>
        other is null ? 1 : Ts != other.Ts ? Ts.CompareTo(other.Ts) : string.CompareOrdinal(Identifier, other.Identifier);
}
