namespace CustomerStream.Ingest.Normalization;

/// <summary>One input field as read from a CSV row or a JSON object, before any normalization.</summary>
public readonly record struct RawValue(RawKind Kind, string? Text)
{
    public static RawValue Absent => default;

    public static RawValue Null => new(RawKind.Null, null);

    public static RawValue Of(string? text) => text is null ? default : new RawValue(RawKind.Text, text);

    /// <summary>True when the field carries nothing: absent, JSON null, or text that is empty or white space.</summary>
    public bool IsEmpty => Kind is RawKind.Absent or RawKind.Null || (Kind is RawKind.Text && string.IsNullOrWhiteSpace(Text));

    /// <summary>A short rendering of the value for reason messages.</summary>
    public string Describe() => Kind switch
    {
        RawKind.Absent => "(absent)",
        RawKind.Null => "null",
        RawKind.Text => $"'{Shorten(Text)}'",
        RawKind.Object => $"an object {Shorten(Text)}",
        RawKind.Array => $"an array {Shorten(Text)}",
        _ => Shorten(Text),
    };

    private static string Shorten(string? text)
    {
        const int max = 80;
        if (text is null)
        {
            return "";
        }

        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
    }
}
