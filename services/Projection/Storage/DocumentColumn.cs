using System.Reflection;
using NpgsqlTypes;

namespace CustomerStream.Projection.Storage;

/// <summary>A typed column duplicated out of a document's JSON: Marten declares it, the bulk writer fills it.</summary>
internal sealed class DocumentColumn<T>(string name, NpgsqlDbType dbType, bool notNull, MemberInfo member, Func<IReadOnlyList<T>, Array> toArray)
{
    public string Name => name;

    public NpgsqlDbType DbType => dbType;

    public bool NotNull => notNull;

    public MemberInfo Member => member;

    /// <summary>The column's values of <paramref name="documents"/> as one typed array (an array column's values as JSON arrays).</summary>
    public Array ToArray(IReadOnlyList<T> documents) => toArray(documents);

    /// <summary>Whether the column holds an array (passed as JSON, since PostgreSQL arrays of arrays cannot be unnested row by row).</summary>
    public bool IsArray => dbType.HasFlag(NpgsqlDbType.Array);

    /// <summary>PostgreSQL type of the parameter array that carries the column's values.</summary>
    public string ParameterType => IsArray ? "jsonb[]" : PgType + "[]";

    /// <summary>The value to insert, from the unnested parameter column <paramref name="source"/>.</summary>
    public string SelectExpression(string source) =>
        IsArray ? $"ARRAY(SELECT jsonb_array_elements_text({source}))" : source;

    public string PgType => dbType switch
    {
        NpgsqlDbType.Text => "text",
        NpgsqlDbType.Bigint => "bigint",
        NpgsqlDbType.Integer => "integer",
        NpgsqlDbType.Numeric => "numeric",
        NpgsqlDbType.Boolean => "boolean",
        NpgsqlDbType.Date => "date",
        NpgsqlDbType.TimestampTz => "timestamptz",
        NpgsqlDbType.Bytea => "bytea",
        NpgsqlDbType.Array | NpgsqlDbType.Text => "text[]",
        _ => throw new NotSupportedException($"Column {name}: no PostgreSQL type for {dbType}"),
    };
}
