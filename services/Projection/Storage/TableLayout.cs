using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace CustomerStream.Projection.Storage;

/// <summary>
/// A typed projection table as the writer fills it: each column's values of a batch travel as one typed
/// array and one <c>INSERT … SELECT FROM unnest(arrays) ON CONFLICT (key) DO UPDATE</c> upserts them all
/// (one statement per table and batch, no temporary table, no per-row statement). The statement text is
/// built once per table.
/// </summary>
internal sealed class TableLayout<T>(string table, TableUpsert upsert, params string[] key)
{
    private readonly List<TableColumn<T>> _columns = [];
    private string? _sql;

    /// <summary>Schema-qualified name, e.g. <c>projection.customer</c>.</summary>
    public string Table => table;

    public IReadOnlyList<string> Key => key;

    /// <summary>The columns the writer fills, in order.</summary>
    public IEnumerable<string> ColumnNames => _columns.Select(c => c.Name);

    /// <summary>
    /// A column filled from <paramref name="get"/>; <paramref name="content"/> false for bookkeeping (write times)
    /// that alone never makes a row worth rewriting; <paramref name="select"/> an SQL expression over the
    /// unnested row <c>u</c> that turns the parameter's value into the column's (e.g. JSON into an array).
    /// </summary>
    public TableLayout<T> Column<TValue>(string name, string pgType, NpgsqlDbType dbType, Func<T, TValue> get, bool content = true, string? select = null)
        => Column(name, pgType, dbType, get, content, select, select is null ? CopyOf(dbType, get) : null);

    /// <summary>A column whose parameter value differs from its stored value (see <paramref name="select"/>): COPY writes <paramref name="stored"/> instead.</summary>
    public TableLayout<T> Column<TValue, TStored>(string name, string pgType, NpgsqlDbType dbType, Func<T, TValue> get, string select, NpgsqlDbType storedType, Func<T, TStored> stored)
        => Column(name, pgType, dbType, get, true, select, CopyOf(storedType, stored));

    private TableLayout<T> Column<TValue>(string name, string pgType, NpgsqlDbType dbType, Func<T, TValue> get, bool content, string? select, Action<NpgsqlBinaryImporter, T>? copy)
    {
        _columns.Add(new TableColumn<T>(name, pgType, dbType, rows =>
        {
            var values = new TValue[rows.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = get(rows[i]);
            }

            return values;
        }, select, content, copy));
        _sql = null;
        return this;
    }

    /// <summary>A column computed in SQL from the unnested row <c>u</c> (e.g. a lookup in another table).</summary>
    public TableLayout<T> Computed(string name, string expression)
    {
        _columns.Add(new TableColumn<T>(name, "", NpgsqlDbType.Unknown, null, expression, content: true, copy: null));
        _sql = null;
        return this;
    }

    /// <summary>The upsert of <paramref name="rows"/> (keys unique within them) as one command of a batch.</summary>
    public NpgsqlBatchCommand Upsert(IReadOnlyList<T> rows)
    {
        var command = new NpgsqlBatchCommand(_sql ??= BuildSql());
        foreach (var column in _columns.Where(c => c.HasParameter))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = column.ToArray(rows), NpgsqlDbType = NpgsqlDbType.Array | column.DbType });
        }

        return command;
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> with a binary COPY straight into the table: faster than the upsert (no
    /// conflict check, no statement to plan), for rows known to be new. Computed columns get their defaults;
    /// a row that exists after all fails the COPY with a unique violation (the caller falls back to upserts).
    /// </summary>
    public async Task<int> CopyAsync(NpgsqlConnection connection, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        var columns = _columns.Where(c => c.Copy is not null).ToList();
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                column.Copy!(importer, row);
            }
        }

        return (int)await importer.CompleteAsync(cancellationToken);
    }

    private static Action<NpgsqlBinaryImporter, T> CopyOf<TValue>(NpgsqlDbType dbType, Func<T, TValue> get) => (importer, row) =>
    {
        // The importer buffers; a write that needs a flush blocks briefly, as COPY is one streamed round trip.
        var value = get(row);
        if (value is null)
        {
            importer.WriteNull();
        }
        else
        {
            importer.Write(value, dbType);
        }
    };

    private string BuildSql()
    {
        var parameters = _columns.Where(c => c.HasParameter).ToList();
        var names = string.Join(", ", _columns.Select(c => c.Name));
        var sql = new StringBuilder($"INSERT INTO {table} AS t ({names}) SELECT ");
        sql.AppendJoin(", ", _columns.Select(c => c.Select ?? $"u.{c.Name}"));
        sql.Append(" FROM unnest(");
        sql.AppendJoin(", ", parameters.Select((c, i) => $"${i + 1}::{c.PgType}[]"));
        sql.Append(") AS u(").AppendJoin(", ", parameters.Select(c => c.Name)).Append(')');
        sql.Append(" ON CONFLICT (").AppendJoin(", ", key).Append(") DO UPDATE SET ");
        sql.AppendJoin(", ", _columns.Where(c => !key.Contains(c.Name)).Select(c => $"{c.Name} = excluded.{c.Name}"));
        var content = _columns.Where(c => c.Content && !key.Contains(c.Name)).Select(c => c.Name).ToList();
        sql.Append(upsert switch
        {
            TableUpsert.ReplaceNewer => " WHERE excluded.version > t.version",
            _ => $" WHERE ({string.Join(", ", content.Select(c => "t." + c))}) IS DISTINCT FROM ({string.Join(", ", content.Select(c => "excluded." + c))})",
        });
        return sql.ToString();
    }
}
