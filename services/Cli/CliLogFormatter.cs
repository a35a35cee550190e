using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CustomerStream.Cli;

/// <summary>
/// One line per log event, as <c>time level category: message</c>; the exception (with its stack trace)
/// only with <c>--verbose</c>, because the CLI promises one clear line, not a trace.
/// </summary>
internal sealed class CliLogFormatter(IOptionsMonitor<CliLogFormatter.Options> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "customerstream";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        textWriter.Write($"{DateTime.Now:HH:mm:ss} {Level(logEntry.LogLevel)} {logEntry.Category}: {message}");
        if (logEntry.Exception is not null)
        {
            textWriter.Write(options.CurrentValue.IncludeExceptions ? $"{Environment.NewLine}{logEntry.Exception}" : $" ({logEntry.Exception.Message})");
        }

        textWriter.WriteLine();
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    public sealed class Options : ConsoleFormatterOptions
    {
        public bool IncludeExceptions { get; set; }
    }
}
