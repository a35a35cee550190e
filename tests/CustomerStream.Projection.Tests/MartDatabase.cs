using CustomerStream.Projection;
using CustomerStream.Projection.Storage;
using CustomerStream.Projection.Writing;
using CustomerStream.Testing;
using Marten;
using Npgsql;

namespace CustomerStream.Projection.Tests;

/// <summary>A fresh database with the projection's schema migrated, a writer and a pinned as-of date.</summary>
public sealed class MartDatabase : IAsyncLifetime, IAsyncDisposable
{
    public static readonly DateOnly AsOf = new(2025, 6, 30);

    /// <summary>The configured key of the e-mail pseudonyms BI reads.</summary>
    public const string PseudonymSecret = "mart-database-test-key-0123456789abcdef";

    private readonly PostgresDatabaseFixture _database = new();

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public DocumentStore Store { get; private set; } = null!;

    public MartWriter Writer { get; private set; } = null!;

    public ProjectionOptions Options { get; } = new() { AsOfDate = AsOf, PseudonymKey = PseudonymSecret };

    public string ConnectionString => _database.ConnectionString;

    public string DatabaseName => _database.DatabaseName;

    public async Task InitializeAsync()
    {
        await InitializeBareAsync();
        await new MartSchemaMigrator(DataSource, Store, Options).MigrateAsync(CancellationToken.None);
    }

    /// <summary>An empty database with a store and writer, not migrated.</summary>
    public async Task InitializeBareAsync()
    {
        await _database.InitializeAsync();
        Options.ConnectionString = _database.ConnectionString;
        DataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        Store = ProjectionDocumentStore.Create(DataSource);
        Writer = new MartWriter(DataSource, Store);
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        Store.Dispose();
        await DataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>Runs the global refresh (RFM quintiles, cohort retention, count folding), as the projection does on its cadence.</summary>
    public Task<MartRefresh> RefreshAsync() => new MartRefresher(DataSource).RefreshAsync(CancellationToken.None);

    public async Task<List<object?[]>> QueryAsync(string sql, params object[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        var rows = await QueryAsync(sql, parameters);
        return rows[0][0] is T value ? value : (T)Convert.ChangeType(rows[0][0]!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
