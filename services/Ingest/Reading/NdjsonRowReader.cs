using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Ingest.Reading;

/// <summary>
/// Streams an NDJSON file, one JSON object per line. A line that cannot be read becomes a
/// row with a <see cref="SourceRow.ReadError"/> and reading goes on: invalid UTF-8 →
/// <c>invalid_encoding</c>, invalid or truncated JSON → <c>malformed_json</c>, valid JSON that is not
/// an object → <c>not_an_object</c>, lines or fields beyond <see cref="InputLimits"/> →
/// <c>field_too_long</c>. Blank lines are skipped; line numbers start at 1.
/// </summary>
public sealed class NdjsonRowReader : IRowReader
{
    private readonly Stream _stream;
    private readonly ByteWindow _window;
    private readonly FieldSet _fields;
    private readonly string _fileName;
    private readonly InputLimits _limits;
    private readonly int[] _order = JsonFieldOrder.New();
    private long _line;
    private bool _started;

    public NdjsonRowReader(Stream stream, FieldSet fields, string fileName, InputLimits? limits = null)
    {
        _stream = stream;
        _fields = fields;
        _fileName = fileName;
        _limits = limits ?? InputLimits.Default;
        _window = new ByteWindow(stream, _limits.MaxRecordBytes);
    }

    public long BytesRead => _window.BytesConsumed;

    public ValueTask<SourceRow?> ReadAsync(CancellationToken cancellationToken) =>
        _started && TryReadBuffered(out var row) ? new ValueTask<SourceRow?>(row) : ReadSlowlyAsync(cancellationToken);

    public void Dispose() => _stream.Dispose();

    private async ValueTask<SourceRow?> ReadSlowlyAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            _started = true;
            while (_window.Length < 3 && await _window.FillAsync(cancellationToken).ConfigureAwait(false))
            {
            }

            if (_window.Span.StartsWith("\uFEFF"u8))
            {
                _window.Advance(3);
            }
        }

        SourceRow? row;
        while (!TryReadBuffered(out row))
        {
            if (_window.Length > _limits.MaxRecordBytes)
            {
                return await TooLongLineAsync(cancellationToken).ConfigureAwait(false);
            }

            await _window.FillAsync(cancellationToken).ConfigureAwait(false);
        }

        return row;
    }

    /// <summary>
    /// Reads the next row from the bytes at hand (null at the end of the input); false when the window does not hold
    /// a whole line yet (the caller reads on, or skips a line longer than a record may be).
    /// </summary>
    /// <remarks>Compiled optimized at once: it runs for every row, and a file is read before tiered compilation would get to it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryReadBuffered(out SourceRow? row)
    {
        while (true)
        {
            var newline = _window.Span.IndexOf((byte)'\n');
            if (newline < 0 && !_window.AtEnd)
            {
                row = null;
                return false;
            }

            if (newline < 0 && _window.Length == 0)
            {
                row = null;
                return true;
            }

            var consumed = newline < 0 ? _window.Length : newline + 1;
            var line = _window.Span[..(newline < 0 ? _window.Length : newline)];
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            _line++;
            if (line.Length > _limits.MaxRecordBytes)
            {
                var kept = line[..Math.Min(line.Length, Rejections.MaxRawLength)];
                row = Error(ReasonCodes.FieldTooLong, $"the line is {line.Length} bytes long; at most {_limits.MaxRecordBytes} are accepted", kept, keepBytes: !Utf8.IsValid(kept));
                _window.Advance(consumed);
                return true;
            }

            if (line.Trim(" \t"u8).IsEmpty)
            {
                _window.Advance(consumed);
                continue;
            }

            if (!Utf8.IsValid(line))
            {
                row = Error(ReasonCodes.InvalidEncoding, "the line is not valid UTF-8", line, keepBytes: true);
            }
            else
            {
                var values = new RawValue[_fields.Count];
                var problem = JsonRecordParser.TryParse(line, _fields, values, _limits, _order);
                row = problem is null
                    ? SourceRow.Borrowing(Ref(), values, _window, line.Length)
                    : new SourceRow { InputRef = Ref(), Raw = Encoding.UTF8.GetString(line), ReadError = problem with { Reason = $"line {_line}: {problem.Reason}" } };
            }

            _window.Advance(consumed);
            return true;
        }
    }

    private string Ref() => $"{_fileName}:{_line}";

    private SourceRow Error(string code, string reason, ReadOnlySpan<byte> raw, bool keepBytes) => new()
    {
        InputRef = Ref(),
        Raw = Encoding.UTF8.GetString(raw),
        RawBytes = keepBytes ? raw.ToArray() : null,
        ReadError = new Rejection(code, $"line {_line}: {reason}"),
    };

    private async ValueTask<SourceRow> TooLongLineAsync(CancellationToken cancellationToken)
    {
        _line++;
        var (kept, total) = await _window.SkipLineAsync(Rejections.MaxRawLength, cancellationToken).ConfigureAwait(false);
        return Error(ReasonCodes.FieldTooLong, $"the line is {total} bytes long; at most {_limits.MaxRecordBytes} are accepted", kept, keepBytes: !Utf8.IsValid(kept));
    }
}
