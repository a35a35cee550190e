namespace CustomerStream.Ingest.Normalization;

/// <summary>How to read the records of one source system (configuration <c>Ingest:Sources:&lt;name&gt;</c>).</summary>
public sealed class SourceOptions
{
    /// <summary>IANA time zone (e.g. <c>America/New_York</c>) in which timestamps without offset are read; UTC when empty.</summary>
    public string? TimeZone { get; set; }

    /// <summary>The source writes US dates, <c>MM/dd/yyyy</c>. Slash dates from other sources are rejected as ambiguous.</summary>
    public bool UsDates { get; set; }

    /// <summary>The system a web event's <c>user_id</c> belongs to when the event names none (e.g. <c>shop</c>).</summary>
    public string? DefaultUserSource { get; set; }
}
