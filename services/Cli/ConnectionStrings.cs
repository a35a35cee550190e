using System.Text.RegularExpressions;

namespace CustomerStream.Cli;

/// <summary>Connection strings as shown to people: never with their password.</summary>
internal static partial class ConnectionStrings
{
    public static string Redact(string? connectionString) =>
        connectionString is null ? "(not configured)" : Password().Replace(connectionString, "$1=***");

    [GeneratedRegex("(?i)\\b(password|pwd)=[^;]*")]
    private static partial Regex Password();
}
