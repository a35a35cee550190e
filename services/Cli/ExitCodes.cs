namespace CustomerStream.Cli;

/// <summary>Exit codes of the CLI, the same for every command.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and failed; the message says why.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong.</summary>
    public const int Usage = 2;

    /// <summary>The command exists but what it runs has not landed yet.</summary>
    public const int NotAvailable = 3;

    /// <summary>Interrupted by Ctrl-C or SIGTERM before it finished.</summary>
    public const int Interrupted = 130;
}
