using System.Text;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Reading;

namespace CustomerStream.Ingest.Tests;

public sealed class CsvRowReaderTests
{
    [Fact]
    public async Task Columns_may_come_in_any_order_and_unknown_columns_are_ignored()
    {
        const string csv = "status,loyalty_tier,Source_Customer_ID,created_at,source_system, EMAIL \n" +
                           "active,gold,C1,2023-01-10,shop,ann@example.com\n";
        var rows = await Harness.ReadAsync(IngestEntity.Customers, csv);

        var fields = Assert.Single(rows).Fields!;
        Assert.Equal("C1", fields[CustomerFields.SourceCustomerId].Text);
        Assert.Equal("ann@example.com", fields[CustomerFields.Email].Text);
        Assert.Equal("active", fields[CustomerFields.Status].Text);
        Assert.Equal(RawKind.Absent, fields[CustomerFields.City].Kind);
    }

    [Fact]
    public async Task Quoted_fields_keep_commas_quotes_and_line_feeds_and_line_numbers_count_physical_lines()
    {
        const string csv = "source_system,source_customer_id,city,created_at,status\n" +
                           "shop,C1,\"Berlin, \"\"Mitte\"\"\nsecond line\",2023-01-10,active\n" +
                           "shop,C2,Hamburg,2023-01-10,active\n";
        var rows = await Harness.ReadAsync(IngestEntity.Customers, csv);

        Assert.Equal(2, rows.Count);
        Assert.Equal("Berlin, \"Mitte\"\nsecond line", rows[0].Fields![CustomerFields.City].Text);
        Assert.Equal("input:2", rows[0].InputRef);
        Assert.Equal("input:4", rows[1].InputRef);
    }

    [Fact]
    public async Task A_bom_crlf_line_ends_blank_lines_and_a_missing_final_line_feed_are_handled()
    {
        var csv = "\uFEFFsource_system,source_customer_id,created_at,status\r\n\r\nshop,C1,2023-01-10,active\r\n\r\nshop,C2,2023-01-10,active";
        var rows = await Harness.ReadAsync(IngestEntity.Customers, csv);

        Assert.Equal(["input:3", "input:5"], rows.Select(r => r.InputRef));
        Assert.All(rows, r => Assert.Null(r.ReadError));
        Assert.Equal("active", rows[1].Fields![CustomerFields.Status].Text);
        Assert.Equal("shop", rows[0].Fields![CustomerFields.SourceSystem].Text);
    }

    [Fact]
    public async Task An_unterminated_quote_costs_one_row_and_the_rest_of_the_file_still_flows()
    {
        const string csv = "source_system,source_customer_id,city,created_at,status\n" +
                           "shop,C1,\"Berlin,2023-01-10,active\n" +
                           "shop,C2,Hamburg,2023-01-10,active\n" +
                           "shop,C3,\"Köln\",2023-01-10,active\n" +
                           "shop,C4,Bonn,2023-01-10,active\n";
        var rows = await Harness.ReadAsync(IngestEntity.Customers, csv);

        Assert.Equal(["input:2", "input:3", "input:4", "input:5"], rows.Select(r => r.InputRef));
        Assert.Equal(ReasonCodes.BadCsvRow, rows[0].ReadError?.ReasonCode);
        Assert.Equal("shop,C1,\"Berlin,2023-01-10,active", rows[0].Raw);
        Assert.All(rows.Skip(1), r => Assert.Null(r.ReadError));
        Assert.Equal("Köln", rows[2].Fields![CustomerFields.City].Text);
    }

    [Fact]
    public async Task An_unterminated_quote_on_the_last_line_is_one_bad_row()
    {
        const string csv = "source_system,source_customer_id,city,created_at,status\nshop,C1,Bonn,2023-01-10,active\nshop,C2,\"Berlin,2023-01-10,active";
        var rows = await Harness.ReadAsync(IngestEntity.Customers, csv);

        Assert.Equal(2, rows.Count);
        Assert.Null(rows[0].ReadError);
        Assert.Equal(ReasonCodes.BadCsvRow, rows[1].ReadError?.ReasonCode);
    }

    [Fact]
    public async Task Wrong_column_counts_are_bad_rows()
    {
        const string csv = "source_system,source_customer_id,created_at,status\nshop,C1,2023-01-10\nshop,C2,2023-01-10,active,extra\nshop,C3,2023-01-10,active\n";
        var rows = await Harness.ReadAsync(IngestEntity.Customers, csv);

        Assert.Equal([ReasonCodes.BadCsvRow, ReasonCodes.BadCsvRow, null], rows.Select(r => r.ReadError?.ReasonCode));
        Assert.Contains("3 columns where the header has 4", rows[0].ReadError!.Reason);
    }

    [Fact]
    public async Task A_line_longer_than_the_record_limit_is_skipped_without_being_buffered_whole()
    {
        var limits = new InputLimits(MaxFieldBytes: 1000, MaxRecordBytes: 4096);
        var csv = "source_system,source_customer_id,created_at,status\n" +
                  $"shop,{new string('x', 300_000)},2023-01-10,active\n" +
                  "shop,C2,2023-01-10,active\n";
        var rows = await Harness.ReadAsync(IngestEntity.Customers, csv, limits);

        Assert.Equal(2, rows.Count);
        Assert.Equal(ReasonCodes.FieldTooLong, rows[0].ReadError?.ReasonCode);
        Assert.Equal("input:2", rows[0].InputRef);
        Assert.True(rows[0].Raw.Length <= Rejections.MaxRawLength);
        Assert.Equal("input:3", rows[1].InputRef);
        Assert.Null(rows[1].ReadError);
    }

    [Fact]
    public async Task A_runaway_quoted_field_longer_than_the_limit_costs_only_its_first_line()
    {
        var limits = new InputLimits(MaxFieldBytes: 1000, MaxRecordBytes: 4096);
        var builder = new StringBuilder("source_system,source_customer_id,city,created_at,status\nshop,C0,\"open,2023-01-10,active\n");
        for (var i = 1; i <= 400; i++)
        {
            builder.Append($"shop,C{i},Bonn,2023-01-10,active\n");
        }

        var rows = await Harness.ReadAsync(IngestEntity.Customers, builder.ToString(), limits);

        Assert.Equal(401, rows.Count);
        Assert.Equal(ReasonCodes.BadCsvRow, rows[0].ReadError?.ReasonCode);
        Assert.All(rows.Skip(1), r => Assert.Null(r.ReadError));
    }

    [Fact]
    public async Task Reading_byte_by_byte_gives_the_same_rows_as_reading_at_once()
    {
        var file = new List<byte>(Encoding.UTF8.GetBytes(BadInputCorpus.CustomerHeader + "\n"));
        foreach (var c in BadInputCorpus.All.Where(c => c.Entity == IngestEntity.Customers))
        {
            file.AddRange(c.Row);
            file.AddRange("\r\n"u8.ToArray());
        }

        var bytes = file.ToArray();
        var atOnce = await Harness.ReadAsync(IngestEntity.Customers, bytes);
        foreach (var chunk in new[] { 1, 2, 7 })
        {
            using var reader = new CsvRowReader(new TrickleStream(bytes, chunk), CustomerFields.Set, "input");
            var trickled = new List<SourceRow>();
            while (await reader.ReadAsync(CancellationToken.None) is { } row)
            {
                trickled.Add(row);
            }

            Assert.Equal(atOnce.Select(Describe), trickled.Select(Describe));
        }

        static string Describe(SourceRow r) =>
            $"{r.InputRef}|{r.ReadError?.ReasonCode}|{r.Raw}|{string.Join("¦", r.Fields?.Select(f => f.Text) ?? [])}";
    }

    [Fact]
    public async Task An_empty_file_has_no_rows()
    {
        Assert.Empty(await Harness.ReadAsync(IngestEntity.Orders, ""));
        Assert.Empty(await Harness.ReadAsync(IngestEntity.Orders, BadInputCorpus.OrderHeader + "\n"));
    }

    [Fact]
    public async Task The_header_tells_which_required_columns_are_missing()
    {
        using var reader = new CsvRowReader(new MemoryStream("source_system,customer_email,amount\n"u8.ToArray()), OrderFields.Set, "x.csv");
        await reader.ReadHeaderAsync(CancellationToken.None);

        Assert.Equal(["order_id", "order_ts", "status", "currency"], reader.MissingColumns());
    }

    [Fact]
    public async Task An_unreadable_header_makes_the_file_unreadable()
    {
        using var reader = new CsvRowReader(new MemoryStream([.. "source_system,or"u8, 0xFF, .. "der_id\n"u8]), OrderFields.Set, "x.csv");
        var e = await Assert.ThrowsAsync<InputFormatException>(async () => await reader.ReadAsync(CancellationToken.None));
        Assert.Contains("UTF-8", e.Message);
    }
}
