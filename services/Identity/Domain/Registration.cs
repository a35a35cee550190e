namespace CustomerStream.Identity.Domain;

/// <summary>A logged-in (identified) event used a device or cookie at <see cref="Ts"/>.</summary>
public sealed record Registration(DateTime Ts, string Identifier) : IComparable<Registration>
{
    public int CompareTo(Registration? other) =>
        other is null ? 1 : Ts != other.Ts ? Ts.CompareTo(other.Ts) : string.CompareOrdinal(Identifier, other.Identifier);
}
