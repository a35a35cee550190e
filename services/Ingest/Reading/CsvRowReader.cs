using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Ingest.Reading;

/// <summary>
/// Streams a CSV file with a header row: columns in any order, matched to the entity's
/// fields by name (case-insensitive), unknown columns ignored. A row that cannot be read becomes a
/// row with a <see cref="SourceRow.ReadError"/> and reading goes on: broken quoting and wrong column
/// counts → <c>bad_csv_row</c>, invalid UTF-8 → <c>invalid_encoding</c> (with the raw bytes),
/// fields or lines beyond <see cref="InputLimits"/> → <c>field_too_long</c>. When a quoted field
/// runs over line ends and the record turns out broken, only its first line is rejected and reading
/// resumes at the second, so an unbalanced quote costs one row, not the rest of the file.
/// Blank lines are skipped. Line numbers count physical lines, the header being line 1.
/// </summary>
public sealed class CsvRowReader : IRowReader
{
    private readonly Stream _stream;
    private readonly ByteWindow _window;
    private readonly FieldSet _fields;
    private readonly string _fileName;
    private readonly InputLimits _limits;
    private int[]? _columnToField;
    private long _line = 1;
    private bool _headerRead;

    public CsvRowReader(Stream stream, FieldSet fields, string fileName, InputLimits? limits = null)
    {
        _stream = stream;
        _fields = fields;
        _fileName = fileName;
        _limits = limits ?? InputLimits.Default;
        _window = new ByteWindow(stream, _limits.MaxRecordBytes);
    }

    /// <summary>The header's column names as written (trimmed), once read; empty for an empty file.</summary>
    public IReadOnlyList<string> Columns { get; private set; } = [];

    public long BytesRead => _window.BytesConsumed;

    /// <summary>Reads the header row (done by the first <see cref="ReadAsync"/> otherwise).</summary>
    /// <exception cref="InputFormatException">The header row is unreadable.</exception>
    public async ValueTask<IReadOnlyList<string>> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        if (_headerRead)
        {
            return Columns;
        }

        _headerRead = true;
        while (_window.Length < 3 && await _window.FillAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        if (_window.Span.StartsWith("\uFEFF"u8))
        {
            _window.Advance(3);
        }

        while (true)
        {
            var scan = CsvScanner.Scan(_window.Span, _window.AtEnd);
            if (scan.Status == CsvScanner.Status.NeedMore)
            {
                if (_window.Length > _limits.MaxRecordBytes)
                {
                    throw new InputFormatException($"{_fileName}: the header row is longer than {_limits.MaxRecordBytes} bytes");
                }

                await _window.FillAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (scan.Consumed == 0)
            {
                _columnToField = [];
                return Columns;
            }

            var content = _window.Span[..scan.ContentLength];
            if (scan.Status == CsvScanner.Status.BadQuoting)
            {
                throw new InputFormatException($"{_fileName}: the header row has {scan.Problem}");
            }

            if (!Utf8.IsValid(content))
            {
                throw new InputFormatException($"{_fileName}: the header row is not valid UTF-8");
            }

            var names = new string?[scan.Fields];
            Split(content, scan.Fields, names, null, null);
            _line += scan.Lines;
            _window.Advance(scan.Consumed);
            if (scan.ContentLength == 0)
            {
                // Blank lines before the header: keep looking for it.
                continue;
            }

            Columns = names.Select(n => n!.Trim()).ToList();
            _columnToField = Columns.Select(_fields.IndexOf).ToArray();
            return Columns;
        }
    }

    /// <summary>Required columns of the entity that the header lacks.</summary>
    public IReadOnlyList<string> MissingColumns() =>
        _fields.RequiredColumns.Where(c => !Columns.Any(h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase))).ToList();

    public ValueTask<SourceRow?> ReadAsync(CancellationToken cancellationToken) =>
        _headerRead && TryReadBuffered(out var row) ? new ValueTask<SourceRow?>(row) : ReadSlowlyAsync(cancellationToken);

    public void Dispose() => _stream.Dispose();

    private async ValueTask<SourceRow?> ReadSlowlyAsync(CancellationToken cancellationToken)
    {
        if (!_headerRead)
        {
            await ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
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
    /// a whole record yet, or holds a single line longer than a record may be (the caller reads on, or skips it).
    /// </summary>
    /// <remarks>Compiled optimized at once: it runs for every row, and a file is read before tiered compilation would get to it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryReadBuffered(out SourceRow? row)
    {
        while (true)
        {
            var scan = CsvScanner.Scan(_window.Span, _window.AtEnd);
            if (scan.Status == CsvScanner.Status.NeedMore)
            {
                if (_window.Length > _limits.MaxRecordBytes && scan.Lines > 1)
                {
                    row = RejectFirstLine(scan, "a quoted field that runs on for more than the longest accepted record");
                    return true;
                }

                row = null;
                return false;
            }

            if (scan.Consumed == 0 && scan.Status == CsvScanner.Status.Record)
            {
                row = null;
                return true;
            }

            if (scan.Status == CsvScanner.Status.BadQuoting)
            {
                row = scan.Lines > 1 ? RejectFirstLine(scan, scan.Problem!) : Consume(scan, ReasonCodes.BadCsvRow, $"broken quoting: {scan.Problem}");
                return true;
            }

            if (scan.ContentLength == 0)
            {
                _line += scan.Lines;
                _window.Advance(scan.Consumed);
                continue;
            }

            row = Take(scan);
            return true;
        }
    }

    /// <summary>The row of a complete record with sound quoting, or its rejection.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SourceRow Take(CsvScanner.Result scan)
    {
        var expected = _columnToField!.Length;
        if (scan.Fields != expected && scan.Lines > 1)
        {
            return RejectFirstLine(scan, $"a quoted field over several lines leaves {scan.Fields} columns where the header has {expected}");
        }

        var content = _window.Span[..scan.ContentLength];
        if (!Utf8.IsValid(content))
        {
            return Consume(scan, ReasonCodes.InvalidEncoding, "the row is not valid UTF-8", keepBytes: true);
        }

        if (scan.LongestField > _limits.MaxFieldBytes)
        {
            return Consume(scan, ReasonCodes.FieldTooLong, $"a field is {scan.LongestField} bytes long; at most {_limits.MaxFieldBytes} are accepted");
        }

        if (scan.Fields != expected)
        {
            return Consume(scan, ReasonCodes.BadCsvRow, $"the row has {scan.Fields} columns where the header has {expected}");
        }

        var values = new RawValue[_fields.Count];
        Split(content, scan.Fields, null, _columnToField, values);
        var row = SourceRow.Borrowing(Ref(), values, _window, scan.ContentLength);
        _line += scan.Lines;
        _window.Advance(scan.Consumed);
        return row;
    }

    private string Ref() => $"{_fileName}:{_line}";

    private SourceRow Consume(CsvScanner.Result scan, string code, string reason, bool keepBytes = false)
    {
        var content = _window.Span[..scan.ContentLength];
        var row = new SourceRow
        {
            InputRef = Ref(),
            Raw = Encoding.UTF8.GetString(content),
            RawBytes = keepBytes ? content.ToArray() : null,
            ReadError = new Rejection(code, $"row {_line}: {reason}"),
        };
        _line += scan.Lines;
        _window.Advance(scan.Consumed);
        return row;
    }

    private SourceRow RejectFirstLine(CsvScanner.Result scan, string problem)
    {
        var firstLine = _window.Span[..(scan.SecondLine - 1)];
        if (firstLine.Length > 0 && firstLine[^1] == '\r')
        {
            firstLine = firstLine[..^1];
        }

        var row = new SourceRow
        {
            InputRef = Ref(),
            Raw = Encoding.UTF8.GetString(firstLine),
            RawBytes = Utf8.IsValid(firstLine) ? null : firstLine.ToArray(),
            ReadError = new Rejection(ReasonCodes.BadCsvRow, $"row {_line}: broken quoting: {problem}; the row is rejected and reading resumes on the next line"),
        };
        _line += 1;
        _window.Advance(scan.SecondLine);
        return row;
    }

    private async ValueTask<SourceRow> TooLongLineAsync(CancellationToken cancellationToken)
    {
        var line = _line;
        var (kept, total) = await _window.SkipLineAsync(Rejections.MaxRawLength, cancellationToken).ConfigureAwait(false);
        _line += 1;
        var valid = Utf8.IsValid(kept);
        return new SourceRow
        {
            InputRef = $"{_fileName}:{line}",
            Raw = Encoding.UTF8.GetString(kept),
            ReadError = new Rejection(ReasonCodes.FieldTooLong, $"row {line}: the line is {total} bytes long; at most {_limits.MaxRecordBytes} are accepted"),
            RawBytes = valid ? null : kept,
        };
    }

    /// <summary>
    /// Splits a record with sound quoting into its fields, unquoting them: all into <paramref name="names"/>,
    /// or only the mapped columns into <paramref name="values"/> (unknown columns are not even decoded).
    /// The delimiters are ASCII, so the record is split as UTF-8 bytes and only the wanted fields become strings.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Split(ReadOnlySpan<byte> record, int count, string?[]? names, int[]? columnToField, RawValue[]? values)
    {
        var pos = 0;
        for (var column = 0; column < count; column++)
        {
            var wanted = names is not null || columnToField![column] >= 0;
            string? value = null;
            if (pos < record.Length && record[pos] == '"')
            {
                pos++;
                var start = pos;
                var escaped = false;
                while (pos < record.Length)
                {
                    var quote = record[pos..].IndexOf((byte)'"');
                    if (quote < 0)
                    {
                        pos = record.Length;
                        break;
                    }

                    pos += quote;
                    if (pos + 1 < record.Length && record[pos + 1] == '"')
                    {
                        escaped = true;
                        pos += 2;
                        continue;
                    }

                    break;
                }

                if (wanted)
                {
                    var inner = record[start..Math.Min(pos, record.Length)];
                    value = escaped ? Encoding.UTF8.GetString(inner).Replace("\"\"", "\"", StringComparison.Ordinal) : Encoding.UTF8.GetString(inner);
                }

                pos = Math.Min(pos + 1, record.Length);
                if (pos < record.Length && record[pos] == '\r')
                {
                    pos++;
                }
            }
            else
            {
                var comma = record[pos..].IndexOf((byte)',');
                var end = comma < 0 ? record.Length : pos + comma;
                value = wanted ? Encoding.UTF8.GetString(record[pos..end]) : null;
                pos = end;
            }

            if (names is not null)
            {
                names[column] = value;
            }
            else if (wanted)
            {
                values![columnToField![column]] = RawValue.Of(value);
            }

            pos++;
        }
    }
}
