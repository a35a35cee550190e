namespace CustomerStream.Ingest.Reading;

/// <summary>
/// A sliding window over a stream: the bytes from the start of the current record to what has been
/// read so far. Readers scan <see cref="Span"/>, <see cref="Advance"/> past what they consumed, and
/// <see cref="FillAsync"/> when a record continues beyond the window. The window never holds much
/// more than the longest accepted record.
/// </summary>
internal sealed class ByteWindow(Stream stream, int maxRecordBytes)
{
    private const int ChunkSize = 64 * 1024;
    private byte[] _buffer = new byte[ChunkSize * 2];
    private int _start;
    private int _end;

    public bool AtEnd { get; private set; }

    public long BytesConsumed { get; private set; }

    public int Length => _end - _start;

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(_start, _end - _start);

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

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_buffer.Length - _end < ChunkSize)
        {
            // Grow only as far as a maximal record needs; callers stop asking beyond that.
            var size = Math.Max(_buffer.Length * 2, _end + ChunkSize);
            Array.Resize(ref _buffer, Math.Min(size, Math.Max(maxRecordBytes + (2 * ChunkSize), _buffer.Length)));
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
