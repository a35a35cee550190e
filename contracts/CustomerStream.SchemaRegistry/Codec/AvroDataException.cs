namespace CustomerStream.SchemaRegistry.Codec;

/// <summary>
/// A value could not be written or read: bad or truncated bytes, a null where the schema has no
/// null, an enum symbol the reader does not know, a decimal that does not fit. <see cref="Path"/>
/// names the field (e.g. <c>profile.lifetime_value</c>).
/// </summary>
public sealed class AvroDataException : Exception
{
    private readonly string _reason;
    private readonly string _path;

    /// <summary>Creates an exception with a reason and no path yet.</summary>
    public AvroDataException(string reason)
        : this(reason, "", null)
    {
    }

    /// <summary>Creates an exception with a reason and an inner exception.</summary>
    public AvroDataException(string reason, Exception? innerException)
        : this(reason, "", innerException)
    {
    }

    private AvroDataException(string reason, string path, Exception? innerException)
        : base(path.Length == 0 ? reason : $"{path}: {reason}", innerException)
    {
        _reason = reason;
        _path = path;
    }

    /// <summary>Dotted path of the field where it happened, or empty at the top level.</summary>
    public string Path => _path;

    /// <summary>What went wrong, without the path.</summary>
    public string Reason => _reason;

    internal static AvroDataException Truncated() => new("The data ends before the value does (truncated or not Avro).");

    /// <summary>The same failure one level up: <paramref name="segment"/> is the enclosing field or index.</summary>
    internal AvroDataException Within(string segment) =>
        new(_reason, _path.Length == 0 ? segment : _path.StartsWith('[') ? segment + _path : $"{segment}.{_path}", InnerException ?? this);
}
