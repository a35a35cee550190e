namespace CustomerStream.Ingest.Normalization;

/// <summary>A source's resolved reading rules (see <see cref="SourceOptions"/>).</summary>
public sealed record SourceProfile(TimeZoneInfo TimeZone, bool UsDates, string? DefaultUserSource)
{
    /// <summary>UTC, ISO and day-first dates only, no default user source.</summary>
    public static SourceProfile Default { get; } = new(TimeZoneInfo.Utc, false, null);
}
