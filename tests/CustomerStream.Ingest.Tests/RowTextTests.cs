using System.Text;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Reading;

namespace CustomerStream.Ingest.Tests;

/// <summary>
/// Readers hand a row's text over as bytes of their buffer and decode it only when asked (for a rejection). A row
/// the caller keeps must keep its text however far reading goes on; a released row gives its bytes back for reuse.
/// </summary>
public sealed class RowTextTests
{
    private const int Rows = 5_000; // several times the reader's buffer, so that it moves on and reuses it

    [Theory]
    [InlineData(IngestEntity.Orders)]
    [InlineData(IngestEntity.WebEvents)]
    public async Task Rows_kept_while_the_others_are_released_keep_their_text_however_far_reading_goes(IngestEntity entity)
    {
        var lines = Lines(entity);
        var input = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        using IRowReader reader = entity == IngestEntity.WebEvents
            ? new NdjsonRowReader(new TrickleStream(input, 4_099), FieldSet.For(entity), "input")
            : new CsvRowReader(new TrickleStream(input, 4_099), FieldSet.For(entity), "input");
        var kept = new List<(SourceRow Row, string Line)>();
        var index = entity == IngestEntity.WebEvents ? 0 : 1;
        while (await reader.ReadAsync(CancellationToken.None) is { } row)
        {
            if (index % 97 == 0)
            {
                kept.Add((row, lines[index]));
            }
            else
            {
                row.Release();
            }

            index++;
        }

        Assert.Equal(lines.Count, index);
        Assert.True(kept.Count > 50);
        Assert.All(kept, k => Assert.Equal(k.Line, k.Row.Raw));
    }

    [Fact]
    public async Task The_text_of_a_released_row_is_not_read_from_bytes_the_reader_may_have_reused()
    {
        var input = Encoding.UTF8.GetBytes(string.Join("\n", Lines(IngestEntity.Orders)) + "\n");
        using var reader = new CsvRowReader(new MemoryStream(input), OrderFields.Set, "input");
        var row = (await reader.ReadAsync(CancellationToken.None))!;
        var read = (await reader.ReadAsync(CancellationToken.None))!;
        var text = read.Raw;

        row.Release();
        read.Release();

        Assert.Throws<InvalidOperationException>(() => row.Raw);
        Assert.Equal(text, read.Raw);
    }

    private static List<string> Lines(IngestEntity entity) => entity == IngestEntity.WebEvents
        ? Enumerable.Range(0, Rows).Select(i => $$"""{"event_id":"e-{{i}}","ts":{{1709649000 + i}},"type":"page_view","device_id":"d-{{i % 97}}","url":"/p/{{new string('x', i % 300)}}"}""").ToList()
        : [BadInputCorpus.OrderHeader, .. Enumerable.Range(0, Rows).Select(i => $"shop,o-{i},u-{i % 300},,2024-03-05T10:00:00Z,,approved,{10 + (i % 90)}.50,EUR,\"unit, {new string('y', i % 200)}\",,,")];
}
