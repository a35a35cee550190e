using System.Text;

namespace CustomerStream.Ingest.Tests;

/// <summary>An orders CSV of any length, produced on the fly: a large input that never exists as a whole, in memory or on disk.</summary>
internal sealed class SyntheticOrdersStream(long rows) : Stream
{
    private readonly byte[] _header = Encoding.UTF8.GetBytes(BadInputCorpus.OrderHeader + "\n");
    private byte[] _current = [];
    private int _offset;
    private long _row = -1;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public static string Row(long i) =>
        $"shop,o-{i},u-{i % 50_000},customer{i % 50_000}@example.com,2024-{1 + (i % 12):00}-{1 + (i % 28):00}T10:{i % 60:00}:00+01:00,,{(i % 10 == 0 ? "refunded" : "approved")},{i % 1000}.{i % 100:00},EUR,online,shoes,p-{i % 500},{1 + (i % 3)}\n";

    public override int Read(byte[] buffer, int offset, int count)
    {
        var written = 0;
        while (written < count)
        {
            if (_offset == _current.Length)
            {
                if (_row + 1 >= rows)
                {
                    if (_row == rows)
                    {
                        break;
                    }

                    _row = rows;
                    _current = [];
                    _offset = 0;
                    break;
                }

                _row++;
                _current = _row == 0 ? [.. _header, .. Encoding.UTF8.GetBytes(Row(0))] : Encoding.UTF8.GetBytes(Row(_row));
                _offset = 0;
            }

            var n = Math.Min(count - written, _current.Length - _offset);
            Array.Copy(_current, _offset, buffer, offset + written, n);
            _offset += n;
            written += n;
        }

        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
