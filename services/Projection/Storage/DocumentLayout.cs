using System.Linq.Expressions;
using System.Text.Json;
using Marten.Schema;
using NpgsqlTypes;

namespace CustomerStream.Projection.Storage;

/// <summary>
/// One document type's table: its Marten alias, the typed columns duplicated out of the JSON and the
/// indexes the mart queries need. Defined once; <see cref="ProjectionDocumentStore"/> hands it to Marten
/// and the bulk writer copies rows with the same column list.
/// </summary>
internal sealed class DocumentLayout<T>(string alias, Func<T, string> id)
{
    private readonly List<DocumentColumn<T>> _columns = [];
    private readonly List<string[]> _indexes = [];

    public string Alias => alias;

    /// <summary>Schema-qualified table name, e.g. <c>projection.mt_doc_customer</c>.</summary>
    public string Table => $"{ProjectionTables.PrivateSchema}.mt_doc_{alias}";

    public Func<T, string> Id => id;

    public IReadOnlyList<DocumentColumn<T>> Columns => _columns;

    public DocumentLayout<T> Column<TValue>(Expression<Func<T, TValue>> member, string name, NpgsqlDbType type, bool notNull = false)
    {
        var info = ((MemberExpression)member.Body).Member;
        var get = member.Compile();
        Func<IReadOnlyList<T>, Array> toArray = type.HasFlag(NpgsqlDbType.Array)
            ? documents => documents.Select(d => JsonSerializer.Serialize(get(d))).ToArray()
            : documents =>
            {
                var values = new TValue[documents.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = get(documents[i]);
                }

                return values;
            };
        _columns.Add(new DocumentColumn<T>(name, type, notNull, info, toArray));
        return this;
    }

    public DocumentLayout<T> Index(params string[] columns)
    {
        _indexes.Add(columns);
        return this;
    }

    /// <summary>
    /// Declares the columns and indexes on Marten's mapping. <c>DuplicateField</c> is used rather than
    /// <c>Duplicate(...)</c> because the latter adds an index per column, which would slow every write.
    /// </summary>
    public void ApplyTo(DocumentMapping mapping)
    {
        foreach (var column in _columns)
        {
            mapping.DuplicateField([column.Member], column.PgType, column.Name, column.NotNull);
        }

        foreach (var columns in _indexes)
        {
            mapping.AddIndex(columns);
        }
    }
}
