using System.Runtime.CompilerServices;
using System.Text.Json;
using CustomerStream.Contracts.Ingest;
using F = CustomerStream.Ingest.Normalization.WebEventFields;

namespace CustomerStream.Ingest.Normalization;

/// <summary>Normalizes <c>web_events*.ndjson</c> records into <see cref="WebEvent"/>.</summary>
public sealed class WebEventNormalizer(SourceProfiles profiles) : IRecordNormalizer<WebEvent>
{
    /// <summary>The source system of web events that name none and were sent without <c>--source</c>.</summary>
    public const string DefaultSourceSystem = "web";

    private const int MaxTypeLength = 64;

    public IngestEntity Entity => IngestEntity.WebEvents;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Normalized<WebEvent> Normalize(ReadOnlySpan<RawValue> fields, in RecordContext context)
    {
        var r = new FieldReader(fields, F.Set);
        var fallbackSource = context.DefaultSourceSystem ?? DefaultSourceSystem;
        var source = r.SourceSystem(F.SourceSystem, fallbackSource);
        var rejectAs = r.Failed ? fallbackSource : source;
        var profile = profiles.For(source);

        var eventId = r.RequiredText(F.EventId);
        var ts = r.Timestamp(F.Ts, profile, required: true);
        var typeText = r.RequiredText(F.Type);
        var type = typeText.ToLowerInvariant();
        if (!r.Failed && !IsLowerSnake(type))
        {
            r.Fail(ReasonCodes.BadEventType, $"field 'type' {r.Raw(F.Type).Describe()} is not a lower_snake name (e.g. page_view)");
        }

        var deviceId = r.OptionalText(F.DeviceId);
        var cookieId = r.OptionalText(F.CookieId);
        var userId = r.OptionalText(F.UserId);
        var userSourceText = r.OptionalText(F.UserSource);
        string? userSource = null;
        if (!r.Failed && userSourceText is not null)
        {
            if (SourceSystemName.TryNormalize(userSourceText, out var name, out var problem))
            {
                userSource = name;
            }
            else
            {
                r.Fail(ReasonCodes.BadSourceSystem, $"field 'user_source' {problem}");
            }
        }

        var email = r.Email(F.Email);
        var sessionId = r.OptionalText(F.SessionId);
        var url = r.OptionalText(F.Url);
        var referrer = r.OptionalText(F.Referrer);
        var properties = Properties(ref r);
        if (!r.Failed && userId is not null && userSource is null)
        {
            userSource = profile.DefaultUserSource;
            if (userSource is null)
            {
                r.Fail(ReasonCodes.MissingUserSource,
                    $"field 'user_id' {r.Raw(F.UserId).Describe()} has no 'user_source' (the system the account belongs to) and source '{source}' has no default user source");
            }
        }

        if (!r.Failed && userId is null && !email.IsValid && deviceId is null && cookieId is null)
        {
            r.Fail(ReasonCodes.UnlinkableEvent, "the event has none of 'user_id', a valid 'email', 'device_id', 'cookie_id', so it belongs to nobody");
        }

        if (r.Error is { } error)
        {
            return Normalized<WebEvent>.Reject(error, rejectAs);
        }

        var record = new WebEvent
        {
            EventId = eventId,
            Ts = ts!.Value,
            Type = type,
            DeviceId = deviceId,
            CookieId = cookieId,
            UserId = userId,
            UserSource = userSource,
            Email = email.Normalized,
            EmailRaw = email.Raw,
            EmailValid = email.IsValid,
            SessionId = sessionId,
            Url = url,
            Referrer = referrer,
            Properties = properties,
            SourceSystem = source,
            SourceRef = context.SourceRef,
            IngestedAt = context.IngestedAt,
        };
        record.RecordHash = HashOf(record);
        return Normalized<WebEvent>.Accept(record, source);
    }

    public string KeyOf(WebEvent record) => record.EventId;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsLowerSnake(string type)
    {
        if (type.Length is 0 or > MaxTypeLength || type[0] is < 'a' or > 'z')
        {
            return false;
        }

        foreach (var c in type)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The <c>properties</c> object as a string map: strings as they are, other values as their JSON text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Dictionary<string, string> Properties(ref FieldReader r)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (r.Failed)
        {
            return map;
        }

        var raw = r.Raw(F.Properties);
        if (raw.IsEmpty)
        {
            return map;
        }

        if (raw.Kind != RawKind.Object)
        {
            r.Fail(ReasonCodes.BadFieldType, $"field 'properties' must be an object, got {raw.Describe()}");
            return map;
        }

        try
        {
            using var document = JsonDocument.Parse(raw.Text!);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }
        catch (JsonException e)
        {
            r.Fail(ReasonCodes.MalformedJson, $"field 'properties' is not valid JSON: {e.Message}");
        }

        return map;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string HashOf(WebEvent e)
    {
        var h = new ContentHash();
        h.Add("web-event");
        h.Add(e.EventId);
        h.Add(e.Ts);
        h.Add(e.Type);
        h.Add(e.DeviceId);
        h.Add(e.CookieId);
        h.Add(e.UserId);
        h.Add(e.UserSource);
        h.Add(e.Email);
        h.Add(e.EmailRaw);
        h.Add(e.EmailValid);
        h.Add(e.SessionId);
        h.Add(e.Url);
        h.Add(e.Referrer);
        h.Add(e.Properties);
        h.Add(e.SourceSystem);
        return h.Finish();
    }
}
