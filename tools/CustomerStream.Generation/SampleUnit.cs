namespace CustomerStream.Generation;

/// <summary>
/// The records of one unit of the sample: one person, or two whose records interact (a household that
/// shares a device, two people who share a malformed e-mail), plus the rows to write and where.
/// </summary>
internal sealed class SampleUnit
{
    public List<MasterVersion> Masters { get; } = [];

    public List<OrderVersion> Orders { get; } = [];

    public List<WebEventIntent> Events { get; } = [];

    /// <summary>Every row to write: the file, the month chunk, the record (or a bad line).</summary>
    public List<SampleRow> Rows { get; } = [];

    public void Add(MasterVersion record, int chunk)
    {
        Masters.Add(record);
        Rows.Add(new SampleRow(record.Source == "crm" ? SampleFiles.CustomersCrm : SampleFiles.CustomersShop, chunk, record));
    }

    public void Add(OrderVersion record, int chunk)
    {
        Orders.Add(record);
        Rows.Add(new SampleRow(record.Source == "crm" ? SampleFiles.OrdersCrm : SampleFiles.OrdersShop, chunk, record));
    }

    public void Add(WebEventIntent record, int chunk)
    {
        Events.Add(record);
        Rows.Add(new SampleRow(record.SourceSystem == "app" ? SampleFiles.WebEventsApp : SampleFiles.WebEventsSite, chunk, record));
    }

    /// <summary>Writes a row again (an exact re-send) into <paramref name="chunk"/>.</summary>
    public void Resend(SampleRow row, int chunk) => Rows.Add(row with { Chunk = chunk, IsDuplicate = true });

    public void AddBad(BadRow bad, int chunk) => Rows.Add(new SampleRow(bad.File, chunk, bad));
}

/// <summary>A row of a sample file: a record to render, or a deliberately bad line.</summary>
internal sealed record SampleRow(SampleFile File, int Chunk, object Content, bool IsDuplicate = false);

/// <summary>A deliberately bad line (already in its final bytes) and the reason ingest must give.</summary>
internal sealed record BadRow(SampleFile File, byte[] Line, string ReasonCode);
