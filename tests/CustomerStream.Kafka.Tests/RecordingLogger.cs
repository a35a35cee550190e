using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Kafka.Tests;

/// <summary>A logger provider that keeps every entry, to check what clients reported.</summary>
internal sealed class RecordingLogger : ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyCollection<(string Category, LogLevel Level, string Message)> Entries => _entries;

    public ILoggerFactory Factory() => LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    public ILogger CreateLogger(string categoryName) => new Categorized(this, categoryName);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(("", logLevel, formatter(state, exception)));

    public void Dispose()
    {
    }

    private sealed class Categorized(RecordingLogger owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
