using System.Globalization;

namespace CustomerStream.Projection.Tests.Model;

/// <summary>Renders a row's values canonically (12.5000 and 12.5 alike, instants in UTC, dates as dates) for exact set comparison.</summary>
public static class Row
{
    public static string Of(params object?[] values) => string.Join(" | ", values.Select(Canonical));

    public static string Canonical(object? value) => value switch
    {
        null => "∅",
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        DateTime { Hour: 0, Minute: 0, Second: 0, Millisecond: 0, Kind: DateTimeKind.Unspecified } date => DateOnly.FromDateTime(date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        int or long or short => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string[] a => "[" + string.Join(",", a) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
