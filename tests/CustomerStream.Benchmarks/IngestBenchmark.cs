using System.Diagnostics;
using System.Globalization;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Reading;

namespace CustomerStream.Benchmarks;

/// <summary>
/// File ingest of a large orders file: rows/s and peak working set while reading and normalizing, and
/// while publishing to an embedded cluster. The peak is sampled during each phase, so it shows whether
/// memory stays flat however large the file is.
/// </summary>
public sealed class IngestBenchmark : IBenchmark
{
    public string Name => "ingest";

    public string Description => "rows/s and peak memory ingesting an orders file [rows=1000000]";

    public async Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var rows = args.Count > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var folder = Directory.CreateTempSubdirectory("cs-ingest-bench-").FullName;
        try
        {
            var path = Path.Combine(folder, "orders_bench.csv");
            var size = WriteOrders(path, rows);
            Console.WriteLine($"ingest: {rows:N0} rows, {size / 1048576.0:N0} MB in {Path.GetFileName(path)}");

            await MeasureAsync("read+normalize", rows, () => NormalizeAsync(path, cancellationToken));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task MeasureAsync(string phase, long rows, Func<Task<long>> work)
    {
        GC.Collect();
        using var sampler = new WorkingSetSampler();
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var accepted = await work();
        clock.Stop();
        self.Refresh();
        var perRow = (self.TotalProcessorTime - cpu).TotalMilliseconds * 1000 / rows;
        Console.WriteLine($"ingest: {phase,-16} {rows / clock.Elapsed.TotalSeconds,10:N0} rows/s  ({clock.Elapsed.TotalSeconds:F2} s, {accepted:N0} accepted; CPU {perRow:N2} µs/row)  peak working set {sampler.PeakMegabytes:N0} MB");
    }

    private static async Task<long> NormalizeAsync(string path, CancellationToken cancellationToken)
    {
        var processor = new RowProcessor<OrderRecord>(new OrderNormalizer(SourceProfiles.Empty));
        using var reader = new CsvRowReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan), OrderFields.Set, Path.GetFileName(path));
        long accepted = 0;
        var now = DateTime.UtcNow;
        while (await reader.ReadAsync(cancellationToken) is { } row)
        {
            accepted += processor.Process(row, now, null).IsAccepted ? 1 : 0;
        }

        return accepted;
    }

    /// <summary>A realistic orders file: mixed timestamps, some e-mails, every thousandth row bad.</summary>
    private static long WriteOrders(string path, long rows)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), 1 << 16);
        writer.Write("source_system,order_id,source_customer_id,customer_email,order_ts,updated_at,status,amount,currency,business_unit,category,product_id,quantity\n");
        for (long i = 0; i < rows; i++)
        {
            var customer = i % 100_000;
            var ts = i % 3 == 0 ? $"2025-{1 + (i % 12):00}-{1 + (i % 28):00}T{i % 24:00}:{i % 60:00}:00+01:00" : (1_735_689_600 + (i * 31)).ToString(CultureInfo.InvariantCulture);
            var amount = i % 1000 == 999 ? "12,50" : $"{i % 500}.{i % 100:00}";
            writer.Write($"shop,o-{i},u-{customer},{(i % 4 == 0 ? $"Customer{customer}@Example.com" : "")},{ts},,{(i % 10 == 0 ? "refunded" : "approved")},{amount},EUR,online,shoes,p-{i % 500},{1 + (i % 3)}\n");
        }

        writer.Flush();
        return writer.BaseStream.Length;
    }

    /// <summary>Samples the process's working set every 50 ms and keeps the maximum.</summary>
    private sealed class WorkingSetSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _peak;

        public WorkingSetSampler()
        {
            _loop = Task.Run(async () =>
            {
                using var process = Process.GetCurrentProcess();
                while (!_stop.IsCancellationRequested)
                {
                    process.Refresh();
                    _peak = Math.Max(_peak, process.WorkingSet64);
                    await Task.Delay(50).ConfigureAwait(false);
                }
            });
        }

        public double PeakMegabytes => Interlocked.Read(ref _peak) / 1048576.0;

        public void Dispose()
        {
            _stop.Cancel();
            _loop.Wait();
            _stop.Dispose();
        }
    }
}
