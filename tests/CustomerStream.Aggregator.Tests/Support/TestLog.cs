using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CustomerStream.Aggregator.Tests.Support;

/// <summary>Sends a host's logs (Information and up) to the test output and keeps the warnings and errors for assertions.</summary>
public sealed class TestLog(ITestOutputHelper output, string prefix) : ILoggerProvider
{
    public ConcurrentQueue<string> Problems { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TestLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {log.Prefix}{category}: {formatter(state, exception)}";
            if (logLevel >= LogLevel.Warning)
            {
                log.Problems.Enqueue(line);
            }

            try
            {
                log.Output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // The test is over; a late line has nowhere to go.
            }
        }
    }

    private ITestOutputHelper Output => output;

    private string Prefix => prefix;
}
