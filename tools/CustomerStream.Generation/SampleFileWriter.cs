using System.Text;
using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Generation;

/// <summary>
/// Writes one file of the sample in month chunks (temporary files), so that rows land roughly in time
/// order while units are generated one after another, and memory stays flat whatever the size; the
/// chunks are joined at the end, when the line numbers of the bad rows become known.
/// </summary>
internal sealed class SampleFileWriter : IDisposable
{
    private readonly SampleFile _file;
    private readonly string _folder;
    private readonly FileStream?[] _chunks;
    private readonly long[] _lines;
    private readonly List<(int Chunk, long Line, string Reason)> _bad = [];

    public SampleFileWriter(SampleFile file, string folder, int months)
    {
        _file = file;
        _folder = folder;
        _chunks = new FileStream?[months];
        _lines = new long[months];
    }

    public long Records { get; private set; }

    public long Duplicates { get; private set; }

    public int Rejected => _bad.Count;

    public void Write(int chunk, ReadOnlySpan<byte> row, bool duplicate, string? badReason)
    {
        var stream = _chunks[chunk] ??= new FileStream(ChunkPath(chunk), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        var firstLine = _lines[chunk] + 1;
        stream.Write(row);
        stream.WriteByte((byte)'\n');
        _lines[chunk] += 1 + row.Count((byte)'\n');
        Records++;
        Duplicates += duplicate ? 1 : 0;
        if (badReason is not null)
        {
            _bad.Add((chunk, firstLine, badReason));
        }
    }

    /// <summary>Joins the chunks into the final file and returns the bad rows as <c>file:line</c> references.</summary>
    public List<ExpectedRejection> Finish(string outputFolder)
    {
        var path = Path.Combine(outputFolder, _file.Name);
        using (var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            if (_file.IsCsv)
            {
                output.Write(Encoding.UTF8.GetBytes(RowRenderer.Header(_file) + "\n"));
            }

            foreach (var chunk in _chunks)
            {
                if (chunk is null)
                {
                    continue;
                }

                chunk.Position = 0;
                chunk.CopyTo(output);
            }
        }

        var offsets = new long[_lines.Length];
        var line = _file.IsCsv ? 1L : 0L;
        for (var i = 0; i < _lines.Length; i++)
        {
            offsets[i] = line;
            line += _lines[i];
        }

        return _bad.Select(b => new ExpectedRejection($"{_file.Name}:{offsets[b.Chunk] + b.Line}", b.Reason)).ToList();
    }

    public GroundTruthFile Summary() => new(_file.Name, _file.Entity.EntityName(), Records, Rejected, Duplicates);

    public void Dispose()
    {
        for (var i = 0; i < _chunks.Length; i++)
        {
            if (_chunks[i] is { } chunk)
            {
                chunk.Dispose();
                File.Delete(ChunkPath(i));
            }
        }
    }

    private string ChunkPath(int chunk) => Path.Combine(_folder, $"{_file.Name}.{chunk:D3}.part");
}
