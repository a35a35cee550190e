namespace CustomerStream.Ingest.Normalization;

/// <summary>Field positions of a <c>web_events*.ndjson</c> record.</summary>
public static class WebEventFields
{
    public const int EventId = 0;
    public const int Ts = 1;
    public const int Type = 2;
    public const int DeviceId = 3;
    public const int CookieId = 4;
    public const int UserId = 5;
    public const int UserSource = 6;
    public const int Email = 7;
    public const int SessionId = 8;
    public const int Url = 9;
    public const int Referrer = 10;
    public const int Properties = 11;
    public const int SourceSystem = 12;

    public static FieldSet Set { get; } = new(
        IngestEntity.WebEvents,
        ["event_id", "ts", "type", "device_id", "cookie_id", "user_id", "user_source", "email", "session_id", "url", "referrer", "properties", "source_system"],
        ["event_id", "ts", "type"]);
}
