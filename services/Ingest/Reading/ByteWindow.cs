namespace CustomerStream.Ingest.Reading;

/// <summary>
/// A sliding window over a stream: the bytes from the start of the current record to what has been
/// read so far. Readers scan <see cref="Span"/>, <see cref="Advance"/> past what they consumed, and
/// <see cref="FillAsync"/> when a record continues beyond the window. The window never holds much
/// more than the longest accepted record.
/// </summary>
/// <remarks>
/// Rows may keep their text as bytes of the window (<see cref="Lend"/>) instead of a string of their own. While any
/// such row is not returned, the window never overwrites its buffer: it continues in a new one and leaves the old
/// buffer to the rows. A reader whose caller returns every row before the next (the ingest loop) reuses one buffer.
/// </remarks>
internal sealed class ByteWindow(Stream stream, int maxRecordBytes)
{
    // Reads are at least this large; the buffer stays below the large-object heap's 85,000 bytes unless a record
    // needs more, because a window that moves to a new buffer (rows not returned) should not cost a gen-2 collection.
    private const int ChunkSize = 32 * 1024;
    private byte[] _buffer = new byte[80 * 1024];
    private int _start;
    private int _end;
    private int _generation;
    private int _lent;

    public bool AtEnd { get; private set; }

    public long BytesConsumed { get; private set; }

    public int Length => _end - _start;

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(_start, _end - _start);

    /// <summary>
    /// The first <paramref name="length"/> bytes of the window, kept intact until <see cref="Return"/> is called with
    /// the <paramref name="generation"/> handed out here.
    /// </summary>
    public ReadOnlyMemory<byte> Lend(int length, out int generation)
    {
        _lent++;
        generation = _generation;
        return _buffer.AsMemory(_start, length);
    }

    /// <summary>A row lent bytes of buffer <paramref name="generation"/> no longer needs them.</summary>
    public void Return(int generation)
    {
        if (generation == _generation)
        {
            _lent--;
        }
    }

    public void Advance(int count)
    {
        _start += count;
        BytesConsumed += count;
    }

    /// <summary>Reads more bytes after the current ones; returns false at the end of the stream.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (AtEnd)
        {
            return false;
        }

        var size = _buffer.Length;
        if (size - (_end - _start) < ChunkSize)
        {
            // Grow only as far as a maximal record needs; callers stop asking beyond that.
            size = Math.Min(Math.Max(size * 2, _end - _start + ChunkSize), Math.Max(maxRecordBytes + (2 * ChunkSize), size));
        }

        if (size != _buffer.Length || (_start > 0 && _lent > 0))
        {
            // A new buffer: the old one stays as it is for the rows that still hold bytes of it.
            var fresh = new byte[size];
            Buffer.BlockCopy(_buffer, _start, fresh, 0, _end - _start);
            _buffer = fresh;
            _generation++;
            _lent = 0;
            _end -= _start;
            _start = 0;
        }
        else if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end, _buffer.Length - _end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            AtEnd = true;
            return false;
        }

        _end += read;
        return true;
    }

    /// <summary>
    /// Discards bytes up to and including the next line feed, reading as needed (for a line too long to
    /// keep). Returns the first <paramref name="keep"/> bytes of what was discarded and the total discarded.
    /// </summary>
    public async ValueTask<(byte[] Kept, long Total)> SkipLineAsync(int keep, CancellationToken cancellationToken)
    {
        var kept = new MemoryStream();
        long total = 0;
        while (true)
        {
            var span = Span;
            var newline = span.IndexOf((byte)'\n');
            var take = newline < 0 ? span.Length : newline + 1;
            if (kept.Length < keep)
            {
                kept.Write(span[..Math.Min(take, keep - (int)kept.Length)]);
            }

            Advance(take);
            total += take;
            if (newline >= 0 || !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return (kept.ToArray(), total);
            }
        }
    }
}
