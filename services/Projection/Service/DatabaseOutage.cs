using System.Net.Sockets;
using CustomerStream.Kafka.Faults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CustomerStream.Projection.Service;

/// <summary>
/// Waits out a PostgreSQL outage (a restart, a fail-over, a network cut, a full connection table): an
/// operation that failed for a reason that passes by itself is tried again with capped exponential back-off
/// until it succeeds or the service stops. Any other failure (a bad schema, a permission, a bug) propagates
/// at once: retrying it would only hide it.
/// </summary>
/// <remarks>
/// The projection can afford to wait: it commits its Kafka offsets only after a batch's transaction
/// committed, so while the database is away nothing is lost and the records stay in the topics. A batch
/// whose commit was cut off may or may not have landed; applying it again is harmless (the writer keeps
/// only newer versions).
/// </remarks>
public sealed partial class DatabaseOutage(ILogger? logger = null, TimeProvider? time = null, TimeSpan? maxDelay = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly TimeSpan _maxDelay = maxDelay ?? RetryBackoff.DefaultMax;
    private long _retries;
    private volatile string? _current;

    /// <summary>Attempts that failed for a transient reason and were retried, since this instance was made.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>What is failing right now (the last transient error), or null while the database answers.</summary>
    public string? Current => _current;

    /// <summary>
    /// Runs <paramref name="operation"/> until it succeeds; between attempts that failed transiently it waits
    /// (0.25 s, doubling, at most the configured maximum). <paramref name="stoppingToken"/> ends the waiting
    /// with an <see cref="OperationCanceledException"/>; the operation itself gets <paramref name="operationToken"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> operation, CancellationToken operationToken, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await operation(operationToken).ConfigureAwait(false);
                if (_current is not null)
                {
                    LogRecovered(_logger, what, attempt);
                    _current = null;
                }

                return result;
            }
            catch (Exception e) when (IsTransient(e) && !stoppingToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _retries);
                _current = e.Message;
                var delay = Delay(attempt);
                LogUnavailable(_logger, what, attempt, delay.TotalSeconds, e.Message);
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs <paramref name="operation"/> like <see cref="RunAsync{T}"/>, with one token for both.</summary>
    public Task RunAsync(string what, Func<CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        RunAsync(what, async token =>
        {
            await operation(token).ConfigureAwait(false);
            return true;
        }, cancellationToken, cancellationToken);

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan Delay(int attempt) => RetryBackoff.Delay(attempt, _maxDelay);

    /// <summary>
    /// Whether <paramref name="exception"/> (or one it wraps: Marten wraps Npgsql's) says the database is away
    /// rather than that the work is wrong: Npgsql's own judgement (<see cref="NpgsqlException.IsTransient"/>:
    /// broken or refused connections, time-outs, serialization failures, deadlocks), the server shutting down or
    /// starting up (57P01–57P03), connection exceptions (class 08), too many connections (53300), and socket or
    /// I/O errors.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal)
                                             || p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                                                 or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections:
                    return true;
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                case IOException:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL unavailable while {What} (attempt {Attempt}); retrying in {Seconds:N1} s: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string what, int attempt, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL answers again: {What} succeeded at attempt {Attempt}")]
    private static partial void LogRecovered(ILogger logger, string what, int attempt);
}
