using Xunit;

using Npgsql;

namespace CustomerStream.Testing;

/// <summary>
/// A fresh, empty PostgreSQL database for one test class, dropped afterwards. The server comes from
/// <see cref="TestEnvironment.PostgresConnectionString"/> (<c>./test.sh</c> installs and starts one when needed).
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private readonly string _database = $"cs_test_{Guid.NewGuid():N}"[..24];

    public string ConnectionString { get; private set; } = "";

    public string DatabaseName => _database;

    public async Task InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
        try
        {
            await admin.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at '{Redact(TestEnvironment.PostgresConnectionString)}'. Run ./test.sh " +
                "(it starts one) or set CS_POSTGRES.", e);
        }

        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin))
        {
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString)
        {
            Database = _database,
        }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static string Redact(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Password = "***" }.ConnectionString;
}
