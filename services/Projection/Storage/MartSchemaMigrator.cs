using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using CustomerStream.Projection.Writing;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Weasel.Core;

namespace CustomerStream.Projection.Storage;

/// <summary>
/// Creates and upgrades everything the projection needs in PostgreSQL, idempotently and safely when
/// several instances start at once (they queue on an advisory lock): the typed tables, the Marten document
/// tables, the settings table, the <c>mart</c> views (reinstalled only when their script or the tables changed), and
/// the pseudonym key, and the read-only roles with SELECT on the mart views and nothing else:
/// <c>customerstream_bi</c>, which reads personal data pseudonymized, and <c>customerstream_bi_pii</c>, which
/// reads it in clear.
/// </summary>
public sealed class MartSchemaMigrator(NpgsqlDataSource dataSource, IDocumentStore store, ProjectionOptions options, ILogger<MartSchemaMigrator>? logger = null)
{
    private const long SchemaLockKey = 0x4353_4D41_5254_0001;
    private readonly ILogger _logger = logger ?? NullLogger<MartSchemaMigrator>.Instance;

    /// <summary>The SQL of the mart views, as embedded in this assembly.</summary>
    public static string MartScript => Resource("drop-mart.sql") + Resource("mart.sql");

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        options.EnsureValid();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({SchemaLockKey})", cancellationToken);
        try
        {
            await InTransactionAsync(connection, Resource("settings.sql") + Resource("tables.sql"), cancellationToken);
            await WritePseudonymKeyAsync(connection, cancellationToken);

            var migration = await store.Storage.Database.CreateMigrationAsync(cancellationToken);
            var martScript = MartScript;
            // The tables the views read are part of what is installed: a changed table reinstalls the views.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(martScript + Resource("tables.sql"))));
            var installed = await ScalarAsync<string>(connection, $"SELECT script_sha256 FROM {ProjectionTables.SchemaVersion} WHERE id = 1", cancellationToken);

            if (migration.Difference != SchemaPatchDifference.None)
            {
                _logger.LogInformation("Applying document table changes ({Difference}); mart views are reinstalled afterwards", migration.Difference);
                // Views depend on the document tables; drop them so that a column change cannot be blocked by them.
                await InTransactionAsync(connection, Resource("drop-mart.sql"), cancellationToken);
                await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                installed = null;
            }

            if (installed != hash)
            {
                _logger.LogInformation("Installing mart views (script {Hash})", hash[..12]);
                await InTransactionAsync(connection,
                    martScript + $"\nINSERT INTO {ProjectionTables.SchemaVersion} (id, script_sha256, installed_at) VALUES (1, '{hash}', now()) " +
                    "ON CONFLICT (id) DO UPDATE SET script_sha256 = excluded.script_sha256, installed_at = excluded.installed_at;",
                    cancellationToken);
            }

            await WriteSettingsAsync(connection, cancellationToken);
            await GrantReadersAsync(connection, cancellationToken);
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({SchemaLockKey})", CancellationToken.None);
        }
    }

    private async Task WriteSettingsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"UPDATE {ProjectionTables.Settings} SET tier_platinum_min = $1, tier_gold_min = $2, tier_silver_min = $3, as_of_date = $4, updated_at = now() " +
            "WHERE id = 1 AND (tier_platinum_min, tier_gold_min, tier_silver_min, as_of_date) IS DISTINCT FROM ($1, $2, $3, $4)",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = options.TierPlatinumMin });
        command.Parameters.Add(new NpgsqlParameter { Value = options.TierGoldMin });
        command.Parameters.Add(new NpgsqlParameter { Value = options.TierSilverMin });
        command.Parameters.Add(new NpgsqlParameter { Value = options.AsOfDate is { } d ? d : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Stores the configured key's pads (or, with none configured and none stored, a generated key's); when the
    /// key changed, rewrites every stored pseudonym with it in the same transaction.
    /// </summary>
    private async Task WritePseudonymKeyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var stored = await ScalarAsync<string>(connection, $"SELECT fingerprint FROM {ProjectionTables.PseudonymKeyTable} WHERE id = 1", cancellationToken);
        var key = !string.IsNullOrEmpty(options.PseudonymKey) ? PseudonymKey.FromSecret(options.PseudonymKey)
            : stored is null ? PseudonymKey.Generate()
            : null;
        if (key is null || key.Fingerprint == stored)
        {
            return;
        }

        if (key.Origin == "generated")
        {
            _logger.LogWarning("No Projection:PseudonymKey is configured: generated a random key for the e-mail pseudonyms BI reads, kept in {Table}", ProjectionTables.PseudonymKeyTable);
        }
        else if (stored is not null)
        {
            _logger.LogWarning("Projection:PseudonymKey changed: rewriting every stored e-mail pseudonym");
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"""
            INSERT INTO {ProjectionTables.PseudonymKeyTable} (id, inner_pad, outer_pad, fingerprint, origin, updated_at) VALUES (1, $1, $2, $3, $4, now())
            ON CONFLICT (id) DO UPDATE SET inner_pad = excluded.inner_pad, outer_pad = excluded.outer_pad, fingerprint = excluded.fingerprint,
                origin = excluded.origin, updated_at = excluded.updated_at
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = key.InnerPad });
            command.Parameters.Add(new NpgsqlParameter { Value = key.OuterPad });
            command.Parameters.Add(new NpgsqlParameter { Value = key.Fingerprint });
            command.Parameters.Add(new NpgsqlParameter { Value = key.Origin });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var rewrite = new NpgsqlCommand(
            $"UPDATE {ProjectionTables.IdentityLink} u SET identifier_pseudonym = {ProjectionTableLayouts.PseudonymOfIdentifier} WHERE u.namespace = 'email'",
            connection, transaction))
        {
            await rewrite.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task GrantReadersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (options.CreateBiRole)
        {
            var password = options.BiRolePassword.Replace("'", "''", StringComparison.Ordinal);
            await CreateRoleAsync(connection, ProjectionTables.BiRole, $"LOGIN PASSWORD '{password}'", cancellationToken);
            // No login of its own: granted to the people who need personal data in clear (docs/marts.md).
            await CreateRoleAsync(connection, ProjectionTables.BiPiiRole, "NOLOGIN", cancellationToken);
        }

        foreach (var role in new[] { ProjectionTables.BiRole, ProjectionTables.BiPiiRole })
        {
            var exists = await ScalarAsync<bool>(connection, $"SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}')", cancellationToken);
            if (!exists)
            {
                continue;
            }

            await InTransactionAsync(connection, $"""
                DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO {role}', current_database()); END $$;
                REVOKE ALL ON SCHEMA {ProjectionTables.PrivateSchema} FROM PUBLIC, {role};
                REVOKE ALL ON ALL TABLES IN SCHEMA {ProjectionTables.PrivateSchema} FROM PUBLIC, {role};
                GRANT USAGE ON SCHEMA {ProjectionTables.MartSchema} TO {role};
                GRANT SELECT ON ALL TABLES IN SCHEMA {ProjectionTables.MartSchema} TO {role};
                """, cancellationToken);
        }
    }

    private async Task CreateRoleAsync(NpgsqlConnection connection, string role, string attributes, CancellationToken cancellationToken)
    {
        try
        {
            // Roles are cluster-wide: two databases' migrators may race to create one, hence the handler.
            await ExecuteAsync(connection, $"""
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
                        BEGIN
                            CREATE ROLE {role} {attributes} NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
                        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                        END;
                    END IF;
                END $$;
                """, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            _logger.LogWarning("Cannot create role {Role} (the projection's database user lacks CREATEROLE); create it once by hand, see docs/marts.md", role);
        }
    }

    private static async Task InTransactionAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)value;
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"sql/{name}")
            ?? throw new InvalidOperationException($"Embedded SQL '{name}' is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
