using CustomerStream.Contracts.Identity;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Projection.Storage;
using Npgsql;
using static CustomerStream.Projection.Tests.Changes;

namespace CustomerStream.Projection.Tests;

/// <summary>
/// The read-only role <c>customerstream_bi</c> reads <c>mart</c> and nothing else, with personal data pseudonymized;
/// members of <c>customerstream_bi_pii</c> read the same relations with personal data in clear.
/// </summary>
public sealed class BiRoleTests(MartDatabase db) : IClassFixture<MartDatabase>, IAsyncLifetime
{
    private readonly string _customer = NewCustomerId();
    private readonly string _email = $"ann.{Guid.NewGuid():N}@example.com";
    private readonly string _rejectionId = $"r-{Guid.NewGuid():N}";
    private readonly string _crm = $"crm:ann-{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        var id = _customer;
        var change = Change(id, 1, 250, Month(2025, 1, 250), Month(2025, 1, 250, unit: "retail"));
        change.Orders.Add(Order($"o-{id}", 250));
        change.Summary!.Email = _email;
        change.Summary.FirstName = "Annelie";
        change.Summary.LastName = "Quistorp";
        change.Summary.Phone = "+49 30 5550199";
        change.Summary.Identifiers = [$"email:{_email}", _crm];
        await db.Writer.ApplyAsync(Batch(
            change,
            new IdentityLink { Identifier = $"email:{_email}", CustomerId = id, FirstSeenTs = At, Version = 1 },
            new IdentityLink { Identifier = _crm, CustomerId = id, SourceSystem = "crm", FirstSeenTs = At, Version = 2 },
            new RejectedRecord
            {
                RejectionId = _rejectionId, SourceSystem = "shop", Entity = "orders", InputRef = "orders.csv:7", ReasonCode = ReasonCodes.UnlinkableOrder,
                Reason = $"the order has no 'source_customer_id' and its 'customer_email' 'ann@@{_email}' is malformed, so it belongs to nobody",
                Raw = $"shop,o-9,,ann@@{_email},Annelie Quistorp", RejectedAt = At,
            }), CancellationToken.None);
        await db.QueryAsync("CREATE TABLE IF NOT EXISTS public.owner_private (secret text); INSERT INTO public.owner_private VALUES ('s')");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<NpgsqlConnection> ConnectAsBiAsync() => ConnectAsync(ProjectionTables.BiRole, db.Options.BiRolePassword);

    private async Task<NpgsqlConnection> ConnectAsync(string role, string password)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ConnectionString)
        {
            Username = role,
            Password = password,
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?[]> RowAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row: {sql}");
        var row = new object?[reader.FieldCount];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        Assert.False(await reader.ReadAsync(), $"more than one row: {sql}");
        return row;
    }

    [Fact]
    public async Task Bi_reads_the_email_as_a_keyed_hash_of_the_configured_key_that_joins_and_no_name_phone_or_raw_line()
    {
        var pseudonym = PseudonymKey.FromSecret(MartDatabase.PseudonymSecret).Pseudonymize(_email);
        await using var connection = await ConnectAsBiAsync();

        var profile = await RowAsync(connection, "SELECT email, first_name, last_name, phone, identifiers, lifetime_value FROM mart.customer_profile WHERE customer_id = $1", _customer);
        Assert.Equal(pseudonym, profile[0]);
        Assert.Equal(64, pseudonym.Length);
        Assert.Null(profile[1]);
        Assert.Null(profile[2]);
        Assert.Null(profile[3]);
        Assert.Equal(new[] { _crm, $"email:{pseudonym}" }, ((string[])profile[4]!).Order(StringComparer.Ordinal));
        Assert.Equal(250m, profile[5]);

        // The hash joins: profile to links, and a lookup by the pseudonymized identifier finds the customer.
        Assert.Equal(_customer, (await RowAsync(connection,
            "SELECT p.customer_id FROM mart.customer_profile p JOIN mart.identity_links l ON l.identifier = 'email:' || p.email WHERE p.customer_id = $1", _customer))[0]);
        Assert.Equal(_customer, (await RowAsync(connection, "SELECT customer_id FROM mart.identity_links WHERE identifier = $1", $"email:{pseudonym}"))[0]);
        Assert.Equal(_customer, (await RowAsync(connection, "SELECT customer_id FROM mart.identity_links WHERE identifier = $1", _crm))[0]);
        Assert.Equal(0L, (await RowAsync(connection, "SELECT count(*) FROM mart.identity_links WHERE identifier = $1", $"email:{_email}"))[0]);

        var rejected = await RowAsync(connection, "SELECT raw, reason, reason_code, source_system, input_ref FROM mart.rejected_records WHERE rejection_id = $1", _rejectionId);
        Assert.Null(rejected[0]);
        Assert.Equal("the order has no 'source_customer_id' and its 'customer_email' '…' is malformed, so it belongs to nobody", rejected[1]);
        Assert.Equal(new object[] { ReasonCodes.UnlinkableOrder, "shop", "orders.csv:7" }, rejected[2..]);
    }

    [Fact]
    public async Task Members_of_the_pii_role_read_personal_data_in_clear()
    {
        var reader = $"cs_pii_reader_{Guid.NewGuid():N}"[..30];
        await db.QueryAsync($"CREATE ROLE {reader} LOGIN PASSWORD 'pii-reader' IN ROLE {ProjectionTables.BiPiiRole}");
        try
        {
            await using var connection = await ConnectAsync(reader, "pii-reader");
            var profile = await RowAsync(connection, "SELECT email, first_name, last_name, phone FROM mart.customer_profile WHERE customer_id = $1", _customer);
            Assert.Equal(new object[] { _email, "Annelie", "Quistorp", "+49 30 5550199" }, profile);
            Assert.Equal(_customer, (await RowAsync(connection, "SELECT customer_id FROM mart.identity_links WHERE identifier = $1", $"email:{_email}"))[0]);
            var rejected = await RowAsync(connection, "SELECT raw FROM mart.rejected_records WHERE rejection_id = $1", _rejectionId);
            Assert.Equal($"shop,o-9,,ann@@{_email},Annelie Quistorp", rejected[0]);

            // Like customerstream_bi, it reads the marts and nothing else.
            await using var command = new NpgsqlCommand("SELECT * FROM projection.customer", connection);
            var denied = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await db.QueryAsync($"DROP ROLE {reader}");
        }
    }

    [Fact]
    public async Task The_database_computes_the_same_pseudonym_as_the_key_and_a_new_key_rewrites_the_stored_ones()
    {
        var key = PseudonymKey.FromSecret(MartDatabase.PseudonymSecret);
        foreach (var value in new[] { "ann@example.com", "zoë.åström@example.de", "" })
        {
            Assert.Equal(key.Pseudonymize(value), await db.ScalarAsync<string>("SELECT substr(projection.pseudonymized_identifier('email:' || $1, $2, $3), 7)", value, key.InnerPad, key.OuterPad));
        }

        // A key longer than the hash's block is hashed first (RFC 2104), in both.
        var longKey = PseudonymKey.FromSecret(new string('k', 100));
        Assert.Equal(longKey.Pseudonymize("ann@example.com"), await db.ScalarAsync<string>("SELECT substr(projection.pseudonymized_identifier('email:' || $1, $2, $3), 7)", "ann@example.com", longKey.InnerPad, longKey.OuterPad));
        // The well-known HMAC-SHA256 example, both ways.
        const string fox = "The quick brown fox jumps over the lazy dog";
        var example = PseudonymKey.FromSecret("key");
        Assert.Equal("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", example.Pseudonymize(fox));
        Assert.Equal("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
            await db.ScalarAsync<string>("SELECT substr(projection.pseudonymized_identifier('email:' || $1, $2, $3), 7)", fox, example.InnerPad, example.OuterPad));

        // Another configured key: the next start rewrites the stored pseudonyms BI looks customers up by.
        var other = new string('n', 40);
        try
        {
            await MigrateWithKeyAsync(other);
            await using var connection = await ConnectAsBiAsync();
            var pseudonym = PseudonymKey.FromSecret(other).Pseudonymize(_email);
            Assert.Equal(_customer, (await RowAsync(connection, "SELECT customer_id FROM mart.identity_links WHERE identifier = $1", $"email:{pseudonym}"))[0]);
            Assert.Equal(pseudonym, (await RowAsync(connection, "SELECT email FROM mart.customer_profile WHERE customer_id = $1", _customer))[0]);
        }
        finally
        {
            await MigrateWithKeyAsync(MartDatabase.PseudonymSecret);
        }
    }

    private Task MigrateWithKeyAsync(string key)
    {
        var options = new ProjectionOptions { ConnectionString = db.ConnectionString, AsOfDate = MartDatabase.AsOf, PseudonymKey = key };
        return new MartSchemaMigrator(db.DataSource, db.Store, options).MigrateAsync(CancellationToken.None);
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
