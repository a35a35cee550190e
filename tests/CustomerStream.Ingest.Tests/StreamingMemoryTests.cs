using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Reading;

namespace CustomerStream.Ingest.Tests;

[Collection(MemoryMeasurementCollection.Name)]
public sealed class StreamingMemoryTests
{
    [Fact]
    public async Task Reading_and_normalizing_a_large_file_retains_no_memory_in_proportion_to_its_size()
    {
        const long rows = 300_000;
        var processor = new RowProcessor<OrderRecord>(new OrderNormalizer(Harness.Profiles));
        using var reader = new CsvRowReader(new SyntheticOrdersStream(rows), OrderFields.Set, "orders_big.csv");
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long accepted = 0;
        long peakRetained = 0;
        decimal revenue = 0;

        while (await reader.ReadAsync(CancellationToken.None) is { } row)
        {
            var outcome = processor.Process(row, Harness.Now, null);
            if (outcome.Record is { Status: OrderStatus.APPROVED } order)
            {
                revenue += order.Amount;
            }

            if (outcome.IsAccepted && ++accepted % 50_000 == 0)
            {
                peakRetained = Math.Max(peakRetained, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        Assert.Equal(rows, accepted);
        Assert.True(reader.BytesRead > 30_000_000, $"only {reader.BytesRead} bytes read");
        // What stays reachable while streaming is the read window (at most ~1 MiB) and lookup tables, not the input.
        Assert.True(peakRetained < 16 * 1024 * 1024, $"{peakRetained / 1048576.0:N1} MB retained after reading {reader.BytesRead / 1048576.0:N0} MB");
        Assert.True(revenue > 0);
    }
}
