namespace CustomerStream.Ingest.Normalization;

/// <summary>
/// The input field names of one entity in a fixed order: readers put field <c>i</c> of a
/// record at index <c>i</c> of a <see cref="RawValue"/> array, normalizers read it from there.
/// </summary>
public sealed class FieldSet
{
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanIndex;

    public FieldSet(IngestEntity entity, IReadOnlyList<string> names, IReadOnlyList<string> requiredColumns)
    {
        Entity = entity;
        Names = names;
        RequiredColumns = requiredColumns;
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            _index[names[i]] = i;
        }

        _spanIndex = _index.GetAlternateLookup<ReadOnlySpan<char>>();
        Utf8Names = names.Select(n => System.Text.Encoding.UTF8.GetBytes(n)).ToArray();
    }

    public IngestEntity Entity { get; }

    /// <summary>Field names, snake_case, as the input formats name them.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary><see cref="Names"/> as UTF-8.</summary>
    internal IReadOnlyList<byte[]> Utf8Names { get; }

    /// <summary>Columns a CSV header must have (a file without them is the wrong kind of file).</summary>
    public IReadOnlyList<string> RequiredColumns { get; }

    public int Count => Names.Count;

    /// <summary>Index of a field by name (case-insensitive, surrounding white space ignored), or -1 for an unknown field.</summary>
    public int IndexOf(string name)
    {
        if (_index.TryGetValue(name, out var i))
        {
            return i;
        }

        var trimmed = name.Trim();
        return trimmed.Length != name.Length && _index.TryGetValue(trimmed, out i) ? i : -1;
    }

    /// <summary>Index of a field by name, as <see cref="IndexOf(string)"/>, for a name that is not a string (yet).</summary>
    public int IndexOf(ReadOnlySpan<char> name)
    {
        if (_spanIndex.TryGetValue(name, out var i))
        {
            return i;
        }

        var trimmed = name.Trim();
        return trimmed.Length != name.Length && _spanIndex.TryGetValue(trimmed, out i) ? i : -1;
    }

    /// <summary>The field set of an entity.</summary>
    public static FieldSet For(IngestEntity entity) => entity switch
    {
        IngestEntity.Customers => CustomerFields.Set,
        IngestEntity.Orders => OrderFields.Set,
        IngestEntity.WebEvents => WebEventFields.Set,
        _ => throw new ArgumentOutOfRangeException(nameof(entity), entity, null),
    };
}
