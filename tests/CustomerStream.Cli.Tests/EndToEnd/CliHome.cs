using CustomerStream.Testing;
using Npgsql;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// What an end-to-end test runs the CLI in: a home folder (the CLI's <c>.customerstream</c> goes there) and a
/// PostgreSQL database of the test's own, both removed afterwards.
/// </summary>
internal sealed class CliHome(string prefix) : IAsyncLifetime
{
    private readonly PostgresDatabaseFixture _database = new();
    private readonly TemporaryDirectory _folder = new(prefix);

    public string Path => _folder.Path;

    public string ConnectionString => _database.ConnectionString;

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        // The CLI's own pools are gone with its process; this process's pools would keep the database in use.
        NpgsqlConnection.ClearAllPools();
        await _database.DisposeAsync();
        _folder.Dispose();
    }
}
