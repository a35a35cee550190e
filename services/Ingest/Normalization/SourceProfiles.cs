using System.Collections.Frozen;

namespace CustomerStream.Ingest.Normalization;

/// <summary>The reading rules of every configured source system; unconfigured sources get <see cref="SourceProfile.Default"/>.</summary>
public sealed class SourceProfiles
{
    private readonly FrozenDictionary<string, SourceProfile> _profiles;

    public SourceProfiles(IReadOnlyDictionary<string, SourceOptions>? sources = null)
    {
        var profiles = new Dictionary<string, SourceProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, options) in sources ?? new Dictionary<string, SourceOptions>())
        {
            profiles[name.Trim()] = Resolve(name, options);
        }

        _profiles = profiles.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public static SourceProfiles Empty { get; } = new();

    public SourceProfile For(string? sourceSystem) =>
        sourceSystem is not null && _profiles.TryGetValue(sourceSystem, out var profile) ? profile : SourceProfile.Default;

    /// <summary>Checks a source's options; returns the problems (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(string name, SourceOptions options)
    {
        var problems = new List<string>();
        if (!SourceSystemName.IsValid(name.Trim().ToLowerInvariant()))
        {
            problems.Add($"Ingest:Sources:{name}: '{name}' is not a valid source system name (lower-case token, not email/device/cookie)");
        }

        if (!string.IsNullOrWhiteSpace(options.TimeZone) && !TryFindZone(options.TimeZone, out _))
        {
            problems.Add($"Ingest:Sources:{name}:TimeZone: '{options.TimeZone}' is not a known time zone (use an IANA id such as Europe/Berlin)");
        }

        if (!string.IsNullOrWhiteSpace(options.DefaultUserSource) && !SourceSystemName.IsValid(options.DefaultUserSource.Trim().ToLowerInvariant()))
        {
            problems.Add($"Ingest:Sources:{name}:DefaultUserSource: '{options.DefaultUserSource}' is not a valid source system name");
        }

        return problems;
    }

    private static SourceProfile Resolve(string name, SourceOptions options)
    {
        var problems = Validate(name, options);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        var zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrWhiteSpace(options.TimeZone))
        {
            TryFindZone(options.TimeZone, out zone);
        }

        var userSource = string.IsNullOrWhiteSpace(options.DefaultUserSource) ? null : options.DefaultUserSource.Trim().ToLowerInvariant();
        return new SourceProfile(zone, options.UsDates, userSource);
    }

    private static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }
}
