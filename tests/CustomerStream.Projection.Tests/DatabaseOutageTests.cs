using System.Net.Sockets;
using CustomerStream.Projection.Service;
using Npgsql;

namespace CustomerStream.Projection.Tests;

public sealed class DatabaseOutageTests
{
    [Theory]
    [InlineData(PostgresErrorCodes.AdminShutdown)]
    [InlineData(PostgresErrorCodes.CrashShutdown)]
    [InlineData(PostgresErrorCodes.CannotConnectNow)]
    [InlineData(PostgresErrorCodes.TooManyConnections)]
    [InlineData(PostgresErrorCodes.ConnectionFailure)]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    public void A_server_that_is_away_or_busy_is_transient(string sqlState) =>
        Assert.True(DatabaseOutage.IsTransient(Postgres(sqlState)));

    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation)]
    [InlineData(PostgresErrorCodes.UndefinedTable)]
    [InlineData(PostgresErrorCodes.InsufficientPrivilege)]
    [InlineData(PostgresErrorCodes.InvalidPassword)]
    [InlineData(PostgresErrorCodes.SyntaxError)]
    public void Work_that_is_wrong_is_not_retried(string sqlState) =>
        Assert.False(DatabaseOutage.IsTransient(Postgres(sqlState)));

    [Fact]
    public void Network_failures_are_transient_also_when_wrapped()
    {
        Assert.True(DatabaseOutage.IsTransient(new NpgsqlException("Exception while reading from stream", new EndOfStreamException())));
        Assert.True(DatabaseOutage.IsTransient(new SocketException((int)SocketError.ConnectionRefused)));
        Assert.True(DatabaseOutage.IsTransient(new InvalidOperationException("Marten failed", new NpgsqlException("reset", new IOException("Connection reset by peer")))));
        Assert.False(DatabaseOutage.IsTransient(new InvalidOperationException("a bug")));
        Assert.False(DatabaseOutage.IsTransient(new InvalidOperationException("Marten failed", Postgres(PostgresErrorCodes.UndefinedColumn))));
    }

    [Fact]
    public void The_wait_doubles_from_a_quarter_second_up_to_the_maximum()
    {
        var outage = new DatabaseOutage(maxDelay: TimeSpan.FromSeconds(5));
        Assert.Equal([0.25, 0.5, 1, 2, 4, 5, 5], Enumerable.Range(1, 7).Select(a => outage.Delay(a).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(5), outage.Delay(int.MaxValue));
    }

    [Fact]
    public async Task A_transient_failure_is_retried_until_it_passes_and_anything_else_propagates()
    {
        var outage = new DatabaseOutage(maxDelay: TimeSpan.FromMilliseconds(1));
        var calls = 0;
        var result = await outage.RunAsync("testing", _ => ++calls < 4 ? throw Postgres(PostgresErrorCodes.AdminShutdown) : Task.FromResult(calls), CancellationToken.None, CancellationToken.None);
        Assert.Equal(4, result);
        Assert.Equal(3, outage.Retries);
        Assert.Null(outage.Current);

        await Assert.ThrowsAsync<PostgresException>(() => outage.RunAsync("testing", _ => throw Postgres(PostgresErrorCodes.UndefinedTable), CancellationToken.None));
        Assert.Equal(3, outage.Retries);
    }

    [Fact]
    public async Task Stopping_ends_the_waiting()
    {
        var outage = new DatabaseOutage(maxDelay: TimeSpan.FromMinutes(1));
        using var stopping = new CancellationTokenSource();
        var running = outage.RunAsync<int>("testing", _ => throw Postgres(PostgresErrorCodes.CannotConnectNow), CancellationToken.None, stopping.Token);
        while (outage.Retries < 3)
        {
            await Task.Delay(10);
        }

        Assert.NotNull(outage.Current);
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    private static PostgresException Postgres(string sqlState) => new("message", "ERROR", "ERROR", sqlState);
}
