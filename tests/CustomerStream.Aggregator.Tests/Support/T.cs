using System.Globalization;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>Short UTC instants for tests: <c>T("2024-03-05")</c>, <c>T("2024-03-05T10:00:00Z")</c>.</summary>
public static class T
{
    public static DateTime Of(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
