using Npgsql;
using NpgsqlTypes;

namespace CustomerStream.Projection.Storage;

/// <summary>
/// One column of a typed projection table as the bulk upsert fills it: its values travel as one typed
/// array parameter (<see cref="ToArray"/>), inserted as they are or through <see cref="Select"/>; a column
/// without a parameter is computed by <see cref="Select"/> alone.
/// </summary>
internal sealed class TableColumn<T>(
    string name, string pgType, NpgsqlDbType dbType, Func<IReadOnlyList<T>, Array>? toArray, string? select, bool content, Action<NpgsqlBinaryImporter, T>? copy)
{
    public string Name => name;

    /// <summary>PostgreSQL type of one value, e.g. <c>numeric</c>.</summary>
    public string PgType => pgType;

    public NpgsqlDbType DbType => dbType;

    /// <summary>An SQL expression over the unnested row <c>u</c> that gives the value; null = the parameter's value as it is.</summary>
    public string? Select => select;

    public bool HasParameter => toArray is not null;

    /// <summary>Part of the row's content: a stored row whose content columns all equal the new ones is not rewritten.</summary>
    public bool Content => content;

    public Array ToArray(IReadOnlyList<T> rows) => toArray!(rows);

    /// <summary>Writes the column's value of a row to a binary COPY; null for a column COPY leaves to its default.</summary>
    public Action<NpgsqlBinaryImporter, T>? Copy => copy;
}
