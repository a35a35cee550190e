using System.Text;
using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Ingest.Reading;

/// <summary>
/// One record as a reader found it: either its raw fields (indexed like the entity's
/// <see cref="FieldSet"/>) or the reason it could not be read as a record at all.
/// </summary>
public sealed class SourceRow
{
    private string? _raw;
    private ReadOnlyMemory<byte> _utf8;
    private ByteWindow? _window;
    private int _generation;
    private bool _released;

    /// <summary><c>file.csv:42</c> (the line the record starts on) or <c>http:&lt;request id&gt;#&lt;index&gt;</c>.</summary>
    public required string InputRef { get; init; }

    /// <summary>The raw fields, or null when <see cref="ReadError"/> is set.</summary>
    public RawValue[]? Fields { get; init; }

    /// <summary>Why the reader could not make a record of it (broken quoting, invalid UTF-8, malformed JSON, …).</summary>
    public Rejection? ReadError { get; init; }

    /// <summary>
    /// The record's text as received (invalid UTF-8 replaced by U+FFFD). Readers of valid records hand over the
    /// UTF-8 bytes instead, and the text is decoded the first time it is asked for: only a rejection needs it.
    /// </summary>
    public string Raw
    {
        get => _raw ??= Decode();
        init => _raw = value;
    }

    /// <summary>The exact bytes, only when they were not valid UTF-8.</summary>
    public byte[]? RawBytes { get; init; }

    /// <summary>A record whose text is the valid UTF-8 <paramref name="utf8"/>, decoded only when <see cref="Raw"/> is read.</summary>
    internal static SourceRow OfUtf8(string inputRef, RawValue[] fields, ReadOnlyMemory<byte> utf8) =>
        new() { InputRef = inputRef, Fields = fields, _utf8 = utf8 };

    /// <summary>
    /// A record whose text lies in a reader's window: the window does not overwrite those bytes until the row is
    /// <see cref="Release">released</see> (if never released, the window moves on to a new buffer instead).
    /// </summary>
    internal static SourceRow Borrowing(string inputRef, RawValue[] fields, ByteWindow window, int length)
    {
        var utf8 = window.Lend(length, out var generation);
        return new SourceRow { InputRef = inputRef, Fields = fields, _utf8 = utf8, _window = window, _generation = generation };
    }

    /// <summary>
    /// Says the caller is done with the row (it was normalized and published), so that the reader may reuse the bytes
    /// the row's text lies in. <see cref="Raw"/> is not available afterwards unless it was read before.
    /// </summary>
    internal void Release()
    {
        if (_window is { } window)
        {
            window.Return(_generation);
            _window = null;
            _released = _raw is null;
            _utf8 = default;
        }
    }

    private string Decode()
    {
        if (_released)
        {
            throw new InvalidOperationException($"The text of {InputRef} was released with its row; read Raw before releasing the row.");
        }

        return _utf8.IsEmpty ? "" : Encoding.UTF8.GetString(_utf8.Span);
    }
}
