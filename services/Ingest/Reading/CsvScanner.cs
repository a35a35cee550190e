using System.Buffers;
using System.Runtime.CompilerServices;

namespace CustomerStream.Ingest.Reading;

/// <summary>
/// Finds where one CSV record ends in a byte buffer (RFC 4180: comma separated, fields optionally in
/// double quotes, <c>""</c> for a quote inside quotes, quoted fields may span lines) and whether its
/// quoting is sound. It works on bytes, not characters: the delimiters are ASCII and never occur
/// inside a multi-byte UTF-8 sequence, so invalid UTF-8 is found per record afterwards.
/// </summary>
internal static class CsvScanner
{
    private static readonly SearchValues<byte> Unquoted = SearchValues.Create(",\n\""u8);
    private static readonly SearchValues<byte> Quoted = SearchValues.Create("\n\""u8);

    public enum Status
    {
        /// <summary>The record continues beyond the bytes given.</summary>
        NeedMore,

        /// <summary>A complete record with sound quoting.</summary>
        Record,

        /// <summary>Broken quoting; see <see cref="Result.Problem"/>.</summary>
        BadQuoting,
    }

    /// <param name="Status">What was found.</param>
    /// <param name="Consumed">Bytes of the record including its line feed.</param>
    /// <param name="ContentLength">Bytes of the record without the line terminator.</param>
    /// <param name="Lines">Physical lines the record spans (more than one only through quoted line feeds).</param>
    /// <param name="SecondLine">Offset of the record's second physical line, or -1.</param>
    /// <param name="Fields">Number of fields.</param>
    /// <param name="LongestField">Bytes of the longest field (quotes included).</param>
    /// <param name="Problem">For <see cref="Status.BadQuoting"/>: what is wrong.</param>
    public readonly record struct Result(Status Status, int Consumed, int ContentLength, int Lines, int SecondLine, int Fields, int LongestField, string? Problem);

    /// <summary>Scans one record at the start of <paramref name="data"/>; <paramref name="final"/> means no bytes follow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Result Scan(ReadOnlySpan<byte> data, bool final)
    {
        var i = 0;
        var lines = 1;
        var secondLine = -1;
        var fields = 1;
        var fieldStart = 0;
        var longest = 0;
        var inQuotes = false;
        var closed = false;
        while (i < data.Length)
        {
            if (inQuotes)
            {
                var j = data[i..].IndexOfAny(Quoted);
                if (j < 0)
                {
                    i = data.Length;
                    break;
                }

                i += j;
                if (data[i] == '\n')
                {
                    lines++;
                    if (secondLine < 0)
                    {
                        secondLine = i + 1;
                    }

                    i++;
                    continue;
                }

                if (i + 1 >= data.Length && !final)
                {
                    return new Result(Status.NeedMore, 0, 0, lines, secondLine, fields, longest, null);
                }

                if (i + 1 < data.Length && data[i + 1] == '"')
                {
                    i += 2;
                    continue;
                }

                inQuotes = false;
                closed = true;
                i++;
                continue;
            }

            var k = data[i..].IndexOfAny(Unquoted);
            var stop = k < 0 ? data.Length : i + k;
            if (closed && stop > i && !(stop - i == 1 && data[i] == '\r' && (stop < data.Length ? data[stop] == '\n' : final)))
            {
                return Broken(data, i, final, lines, secondLine, fields, longest, "characters after the closing quote of a field");
            }

            if (k < 0)
            {
                i = data.Length;
                break;
            }

            i = stop;
            switch (data[i])
            {
                case (byte)',':
                    longest = Math.Max(longest, i - fieldStart);
                    fields++;
                    fieldStart = i + 1;
                    closed = false;
                    i++;
                    break;
                case (byte)'"':
                    if (i != fieldStart)
                    {
                        return Broken(data, i, final, lines, secondLine, fields, longest, "a quote inside an unquoted field");
                    }

                    inQuotes = true;
                    i++;
                    break;
                default:
                    longest = Math.Max(longest, i - fieldStart);
                    var contentEnd = i > 0 && data[i - 1] == '\r' ? i - 1 : i;
                    return new Result(Status.Record, i + 1, contentEnd, lines, secondLine, fields, longest, null);
            }
        }

        if (!final)
        {
            return new Result(Status.NeedMore, 0, 0, lines, secondLine, fields, longest, null);
        }

        if (inQuotes)
        {
            return new Result(Status.BadQuoting, data.Length, data.Length, lines, secondLine, fields, longest, "a quoted field that is never closed");
        }

        longest = Math.Max(longest, data.Length - fieldStart);
        var end = data.Length > 0 && data[^1] == '\r' ? data.Length - 1 : data.Length;
        return new Result(Status.Record, data.Length, end, lines, secondLine, fields, longest, null);
    }

    /// <summary>Broken quoting at <paramref name="at"/>: the record is the rest of the current physical line.</summary>
    private static Result Broken(ReadOnlySpan<byte> data, int at, bool final, int lines, int secondLine, int fields, int longest, string problem)
    {
        if (lines > 1)
        {
            // The record went over a line feed inside quotes, so the opening quote is the likely culprit:
            // the caller rejects only the first line and reads on from the second.
            return new Result(Status.BadQuoting, 0, 0, lines, secondLine, fields, longest, problem);
        }

        var newline = data[at..].IndexOf((byte)'\n');
        if (newline < 0)
        {
            return final
                ? new Result(Status.BadQuoting, data.Length, TrimCr(data, data.Length), 1, -1, fields, longest, problem)
                : new Result(Status.NeedMore, 0, 0, lines, secondLine, fields, longest, null);
        }

        var end = at + newline;
        return new Result(Status.BadQuoting, end + 1, TrimCr(data, end), 1, -1, fields, longest, problem);
    }

    private static int TrimCr(ReadOnlySpan<byte> data, int end) => end > 0 && data[end - 1] == '\r' ? end - 1 : end;
}
