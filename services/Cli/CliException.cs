namespace CustomerStream.Cli;

/// <summary>A failure the user can act on: printed as one line and a hint, never as a stack trace.</summary>
internal sealed class CliException(string message, string? hint = null, int exitCode = ExitCodes.Failed) : Exception(message)
{
    public string? Hint { get; } = hint;

    public int ExitCode { get; } = exitCode;
}
