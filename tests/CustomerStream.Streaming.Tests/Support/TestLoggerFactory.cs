using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Support;

/// <summary>Routes the runtime's logs to the test's output, so a failing test shows what the runtime did.</summary>
public sealed class TestLoggerFactory(ITestOutputHelper output, string prefix = "") : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new TestLogger(output, prefix);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class TestLogger(ITestOutputHelper output, string prefix) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {prefix}{formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test already finished; a late log line has nowhere to go.
            }
        }
    }
}
