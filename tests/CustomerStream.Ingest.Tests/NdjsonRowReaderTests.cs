using System.Text;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Reading;

namespace CustomerStream.Ingest.Tests;

public sealed class NdjsonRowReaderTests
{
    [Fact]
    public async Task Json_values_keep_their_kind_and_nested_values_their_text()
    {
        const string line = """{"event_id":"e-1","ts":1709649000,"type":"click","user_id":123,"device_id":null,"properties":{"a":"x","n":[1, 2]},"unknown":{"deep":true}}""";
        var row = Assert.Single(await Harness.ReadAsync(IngestEntity.WebEvents, line));

        var f = row.Fields!;
        Assert.Equal(new RawValue(RawKind.Number, "1709649000"), f[WebEventFields.Ts]);
        Assert.Equal(new RawValue(RawKind.Number, "123"), f[WebEventFields.UserId]);
        Assert.Equal(RawKind.Null, f[WebEventFields.DeviceId].Kind);
        Assert.Equal(new RawValue(RawKind.Object, """{"a":"x","n":[1, 2]}"""), f[WebEventFields.Properties]);
    }

    [Fact]
    public async Task Properties_become_a_string_map_with_json_text_for_non_strings()
    {
        const string line = """{"event_id":"e-1","ts":1709649000,"type":"click","device_id":"d","properties":{"a":"x","n":2,"b":true,"o":{"k":[1]}}}""";
        var outcome = Assert.Single(await Harness.ProcessAsync(IngestEntity.WebEvents, line));

        var e = outcome.As<WebEvent>();
        Assert.Equal(new Dictionary<string, string> { ["a"] = "x", ["n"] = "2", ["b"] = "true", ["o"] = """{"k":[1]}""" }, e.Properties);
    }

    [Fact]
    public async Task Blank_lines_a_bom_and_crlf_are_handled_and_line_numbers_count_every_line()
    {
        var text = "\uFEFF" + BadInputCorpus.GoodEvent + "\r\n\r\n   \n" + BadInputCorpus.GoodEvent.Replace("e-1", "e-2", StringComparison.Ordinal);
        var rows = await Harness.ReadAsync(IngestEntity.WebEvents, text);

        Assert.Equal(["input:1", "input:4"], rows.Select(r => r.InputRef));
        Assert.All(rows, r => Assert.Null(r.ReadError));
    }

    [Fact]
    public async Task A_line_longer_than_the_limit_is_rejected_and_reading_goes_on()
    {
        var limits = new InputLimits(MaxFieldBytes: 1000, MaxRecordBytes: 4096);
        var text = $$"""{"event_id":"e-1","url":"{{new string('x', 500_000)}}"}""" + "\n" + BadInputCorpus.GoodEvent + "\n";
        var rows = await Harness.ReadAsync(IngestEntity.WebEvents, text, limits);

        Assert.Equal([ReasonCodes.FieldTooLong, null], rows.Select(r => r.ReadError?.ReasonCode));
        Assert.Equal("input:2", rows[1].InputRef);
    }

    [Fact]
    public async Task Reading_byte_by_byte_gives_the_same_rows_as_reading_at_once()
    {
        var file = new List<byte>();
        foreach (var c in BadInputCorpus.All.Where(c => c.Entity == IngestEntity.WebEvents))
        {
            file.AddRange(c.Row);
            file.Add((byte)'\n');
        }

        var bytes = file.ToArray();
        var atOnce = await Harness.ReadAsync(IngestEntity.WebEvents, bytes);
        using var reader = new NdjsonRowReader(new TrickleStream(bytes, 3), WebEventFields.Set, "input");
        var trickled = new List<SourceRow>();
        while (await reader.ReadAsync(CancellationToken.None) is { } row)
        {
            trickled.Add(row);
        }

        Assert.Equal(atOnce.Select(r => $"{r.InputRef}|{r.ReadError?.ReasonCode}|{r.Raw}"), trickled.Select(r => $"{r.InputRef}|{r.ReadError?.ReasonCode}|{r.Raw}"));
        Assert.Equal(bytes.Length, reader.BytesRead);
    }

    [Fact]
    public async Task Malformed_json_reasons_are_short_and_name_the_line()
    {
        var row = Assert.Single(await Harness.ReadAsync(IngestEntity.WebEvents, Encoding.UTF8.GetBytes("\n{\"event_id\":")));
        Assert.Equal(ReasonCodes.MalformedJson, row.ReadError!.ReasonCode);
        Assert.StartsWith("line 2: invalid JSON", row.ReadError.Reason);
        Assert.DoesNotContain("LineNumber", row.ReadError.Reason);
    }
}
