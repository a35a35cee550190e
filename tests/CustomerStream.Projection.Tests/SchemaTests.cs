using CustomerStream.Projection.Storage;

namespace CustomerStream.Projection.Tests;

public sealed class SchemaTests(MartDatabase db) : IClassFixture<MartDatabase>
{
    [Fact]
    public async Task Every_spec_relation_exists_in_mart_with_its_columns_and_types()
    {
        var rows = await db.QueryAsync(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'mart'");
        var actual = rows.ToDictionary(r => ((string)r[0]!, (string)r[1]!), r => (string)r[2]!);
        var problems = new List<string>();
        foreach (var relation in MartContract.Relations)
        {
            foreach (var (column, type) in relation.Columns)
            {
                if (!actual.TryGetValue((relation.Name, column), out var found))
                {
                    problems.Add($"mart.{relation.Name}.{column} is missing");
                }
                else if (found != type)
                {
                    problems.Add($"mart.{relation.Name}.{column} is {found}, expected {type}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Money_is_never_a_float_anywhere_in_mart()
    {
        var floats = await db.QueryAsync(
            "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'mart' AND data_type IN ('real', 'double precision', 'money')");
        Assert.Empty(floats);
    }

    [Fact]
    public async Task Mart_holds_only_views_and_the_tables_live_in_the_private_schema()
    {
        var kinds = await db.QueryAsync("SELECT DISTINCT table_type FROM information_schema.tables WHERE table_schema = 'mart'");
        Assert.Equal(["VIEW"], kinds.Select(r => (string)r[0]!));
        var tables = (await db.QueryAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'projection' AND table_type = 'BASE TABLE'"))
            .Select(r => (string)r[0]!).ToHashSet();
        foreach (var table in new[] { "customer", "customer_period", "customer_period_unit", "customer_order", "identity_link", "mt_doc_customer_alias", "mt_doc_rejected_record" })
        {
            Assert.Contains(table, tables);
        }
    }

    [Fact]
    public async Task The_unique_keys_of_the_period_tables_are_enforced_by_the_database()
    {
        var indexes = (await db.QueryAsync("SELECT indexdef FROM pg_indexes WHERE schemaname = 'projection' AND indexdef LIKE 'CREATE UNIQUE%'"))
            .Select(r => (string)r[0]!).ToList();
        Assert.Contains(indexes, i => i.Contains("customer_period USING btree (customer_id, grain, period_start)", StringComparison.Ordinal));
        Assert.Contains(indexes, i => i.Contains("customer_period_unit USING btree (customer_id, grain, period_start, business_unit)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lookup_by_email_uses_an_index()
    {
        // customer_profile.email depends on the reader (in clear or pseudonymized): BI finds a customer by e-mail
        // through the links; the CLI, reading in clear, through the projection's own index.
        var plan = string.Join("\n", (await db.QueryAsync(
            "EXPLAIN SELECT p.* FROM mart.identity_links l JOIN mart.customer_profile p ON p.customer_id = l.customer_id WHERE l.identifier = 'email:a@b.c'")).Select(r => (string)r[0]!));
        Assert.Contains("identity_link_pkey", plan, StringComparison.Ordinal);
        var own = string.Join("\n", (await db.QueryAsync(
            "EXPLAIN SELECT customer_id FROM projection.live_customer WHERE lower(email) = 'a@b.c'")).Select(r => (string)r[0]!));
        Assert.Contains("customer_email_pattern", own, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrating_again_and_concurrently_is_harmless()
    {
        var before = await db.ScalarAsync<string>("SELECT script_sha256 FROM projection.mart_schema_version");
        var installedAt = await db.ScalarAsync<DateTime>("SELECT installed_at FROM projection.mart_schema_version");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            new MartSchemaMigrator(db.DataSource, db.Store, db.Options).MigrateAsync(CancellationToken.None)));
        Assert.Equal(before, await db.ScalarAsync<string>("SELECT script_sha256 FROM projection.mart_schema_version"));
        Assert.Equal(installedAt, await db.ScalarAsync<DateTime>("SELECT installed_at FROM projection.mart_schema_version"));
        Assert.Equal(MartContract.Relations.Length, await db.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.views WHERE table_schema = 'mart' AND table_name = ANY($1)",
            (object)MartContract.Relations.Select(r => r.Name).ToArray()));
    }

    [Fact]
    public async Task A_fresh_database_migrated_by_several_instances_at_once_ends_up_complete()
    {
        await using var fresh = new MartDatabase();
        await fresh.InitializeBareAsync();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            new MartSchemaMigrator(fresh.DataSource, fresh.Store, fresh.Options).MigrateAsync(CancellationToken.None)));
        Assert.Equal(MartContract.Relations.Length, await fresh.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.views WHERE table_schema = 'mart' AND table_name = ANY($1)",
            (object)MartContract.Relations.Select(r => r.Name).ToArray()));
    }
}
