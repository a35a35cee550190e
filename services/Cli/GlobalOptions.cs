using System.CommandLine;

namespace CustomerStream.Cli;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show details: informational logs, and the full exception when something fails.",
        Recursive = true,
    };
}
