using System.Reflection;
using NpgsqlTypes;

namespace CustomerStream.Projection.Storage;

/// <summary>A typed column duplicated out of a document's JSON: Marten declares it, the bulk writer fills it.</summary>
internal sealed record DocumentColumn<T>(string Name, NpgsqlDbType DbType, bool NotNull, MemberInfo Member, Func<T, object?> Get)
{
    public string PgType => DbType switch
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
        _ => throw new NotSupportedException($"Column {Name}: no PostgreSQL type for {DbType}"),
    };
}
