using CustomerStream.Projection.Storage;
using Npgsql;
using static CustomerStream.Projection.Tests.Changes;

namespace CustomerStream.Projection.Tests;

/// <summary>The read-only role <c>customerstream_bi</c> reads <c>mart</c> and nothing else.</summary>
public sealed class BiRoleTests(MartDatabase db) : IClassFixture<MartDatabase>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        var id = NewCustomerId();
        var change = Change(id, 1, 250, Month(2025, 1, 250), Month(2025, 1, 250, unit: "retail"));
        change.Orders.Add(Order($"o-{id}", 250));
        await db.Writer.ApplyAsync(Batch(change), CancellationToken.None);
        await db.QueryAsync("CREATE TABLE IF NOT EXISTS public.owner_private (secret text); INSERT INTO public.owner_private VALUES ('s')");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<NpgsqlConnection> ConnectAsBiAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ConnectionString)
        {
            Username = ProjectionTables.BiRole,
            Password = db.Options.BiRolePassword,
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task<PostgresException> DeniedAsync(string sql)
    {
        await using var connection = await ConnectAsBiAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task Bi_can_read_every_mart_relation()
    {
        await using var connection = await ConnectAsBiAsync();
        foreach (var relation in MartContract.Relations)
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM mart.{relation.Name}", connection);
            Assert.True((long)(await command.ExecuteScalarAsync())! >= 0);
        }

        await using var profile = new NpgsqlCommand("SELECT count(*) FROM mart.customer_profile p JOIN mart.customer_month m USING (customer_id) JOIN mart.orders o USING (customer_id)", connection);
        Assert.True((long)(await profile.ExecuteScalarAsync())! > 0);
    }

    [Theory]
    [InlineData("INSERT INTO mart.customer_count_audit (visibility_status, customers) VALUES ('visible', 1)")]
    [InlineData("UPDATE mart.customer_profile SET email = 'x@example.com'")]
    [InlineData("UPDATE mart.orders SET amount = 0")]
    [InlineData("DELETE FROM mart.customer_month")]
    [InlineData("DELETE FROM mart.identity_links")]
    [InlineData("TRUNCATE mart.orders")]
    [InlineData("CREATE TABLE mart.mine (x int)")]
    [InlineData("CREATE VIEW mart.mine AS SELECT 1")]
    public async Task Bi_cannot_write_to_mart(string sql)
    {
        var denied = await DeniedAsync(sql);
        Assert.Contains(denied.SqlState, new[] { PostgresErrorCodes.InsufficientPrivilege, PostgresErrorCodes.WrongObjectType, PostgresErrorCodes.ObjectNotInPrerequisiteState });
    }

    [Theory]
    [InlineData("SELECT * FROM projection.customer")]
    [InlineData("SELECT * FROM projection.customer_order")]
    [InlineData("SELECT * FROM projection.mart_settings")]
    [InlineData("SELECT * FROM projection.live_customer")]
    [InlineData("SELECT * FROM public.owner_private")]
    [InlineData("CREATE TABLE public.mine (x int)")]
    public async Task Bi_cannot_read_or_create_anything_outside_mart(string sql)
    {
        var denied = await DeniedAsync(sql);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }
}
