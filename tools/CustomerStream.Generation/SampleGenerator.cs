using System.Diagnostics;
using System.Text.Json;
using CustomerStream.Ingest;
using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Generation;

/// <summary>
/// Generates a messy multi-source sample (what `customerstream generate` writes) and its ground truth, deterministically for a
/// seed and with flat memory (rows are streamed into month chunks, the truth into its file):
/// <list type="bullet">
/// <item><c>customers_crm.csv</c> (US dates, New York local times, an extra <c>notes</c> column, its own column order) and <c>customers_shop.csv</c> (ISO-8601 with offsets, Berlin-local legacy dates), overlapping through e-mail and, via orders, through ids;</item>
/// <item><c>orders_crm.csv</c> and <c>orders_shop.csv</c>: guest checkouts linked by e-mail only, later versions that refund, approve, decline, cancel or correct the amount, stale re-sends;</item>
/// <item><c>web_events_site.ndjson</c> and <c>web_events_app.ndjson</c> (the app leaves <c>user_source</c> to its source's default): epoch timestamps, anonymous sessions that later log in, shared household devices, anonymous visitors, late events;</item>
/// <item>about 15% exact duplicate rows, e-mails that differ only in case and spacing, malformed e-mails (two people sharing one), test accounts, customers deleted at every source or at one only, and bad lines of every reason code;</item>
/// <item><c>ground_truth.json</c> (<see cref="GroundTruth"/>) and <c>sources.json</c>, the <c>Ingest:Sources</c> configuration the files need.</item>
/// </list>
/// </summary>
public sealed class SampleGenerator
{
    /// <summary>Name of the configuration file written next to the sample.</summary>
    public const string SourcesFileName = "sources.json";

    /// <summary>How the sources of the sample must be configured for their files to read as intended.</summary>
    public static IReadOnlyDictionary<string, SourceOptions> SourceConfiguration { get; } = new Dictionary<string, SourceOptions>(StringComparer.OrdinalIgnoreCase)
    {
        ["crm"] = new() { TimeZone = "America/New_York", UsDates = true },
        ["shop"] = new() { TimeZone = "Europe/Berlin" },
        ["app"] = new() { DefaultUserSource = "shop" },
    };

    /// <summary>Writes the sample into <paramref name="folder"/> (created when missing; existing sample files are replaced).</summary>
    /// <param name="options">Size and seed.</param>
    /// <param name="folder">Output folder.</param>
    /// <param name="progress">Called now and then with the number of people generated so far.</param>
    /// <param name="cancellationToken">Stops generation; partial files are removed.</param>
    public Task<GeneratedSample> GenerateAsync(GeneratorOptions options, string folder, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        return Task.Run(() => Generate(options, folder, progress, cancellationToken), cancellationToken);
    }

    private static GeneratedSample Generate(GeneratorOptions options, string folder, Action<int>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(folder);
        var calendar = new SampleCalendar(options.LastMonth, options.Months);
        var scratch = Directory.CreateDirectory(Path.Combine(folder, ".generating")).FullName;
        var writers = SampleFiles.All.ToDictionary(f => f, f => new SampleFileWriter(f, scratch, options.Months));
        var truthPath = Path.Combine(folder, GroundTruth.FileName);
        try
        {
            var totals = WriteSample(options, calendar, writers, truthPath, progress, cancellationToken);
            WriteSources(Path.Combine(folder, SourcesFileName));
            return new GeneratedSample(Path.GetFullPath(folder), writers.Values.Select(w => w.Summary()).ToList(), truthPath, totals, clock.Elapsed);
        }
        finally
        {
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }

            Directory.Delete(scratch, recursive: true);
        }
    }

    private static GroundTruthTotals WriteSample(
        GeneratorOptions options, SampleCalendar calendar, Dictionary<SampleFile, SampleFileWriter> writers, string truthPath, Action<int>? progress, CancellationToken cancellationToken)
    {
        using var truthStream = new FileStream(truthPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var truth = new Utf8JsonWriter(truthStream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        truth.WriteStartObject();
        truth.WritePropertyName("generator");
        JsonSerializer.Serialize(truth, new GroundTruthGenerator(options.Customers, options.Months, options.Seed, $"{calendar.FirstMonth:yyyy-MM}", $"{calendar.LastMonth:yyyy-MM}"), GroundTruth.Json);
        truth.WritePropertyName("sources");
        JsonSerializer.Serialize(truth, SourceConfiguration.ToDictionary(s => s.Key, s => new GroundTruthSource(s.Value.TimeZone, s.Value.UsDates, s.Value.DefaultUserSource)), GroundTruth.Json);
        truth.WriteStartArray("customers");

        var generator = new UnitGenerator(calendar, options.Seed);
        var renderer = new RowRenderer();
        var anonymous = new List<ExpectedCustomer>();
        var counts = new Counts();
        var people = 0;
        for (var unitIndex = 0; people < options.Customers; unitIndex++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var remaining = options.Customers - people;
            var shape = remaining >= 2 && unitIndex % 97 == 3 ? UnitShape.Household
                : remaining >= 2 && unitIndex % 211 == 5 ? UnitShape.SharedMalformedEmail
                : UnitShape.Single;
            var unit = generator.Build(unitIndex, shape);
            people += shape == UnitShape.Single ? 1 : 2;

            var (customers, profiles) = ContractOracle.Evaluate(unit.Masters, unit.Orders, unit.Events);
            foreach (var customer in customers)
            {
                JsonSerializer.Serialize(truth, customer, GroundTruth.Json);
                counts.Add(customer);
            }

            anonymous.AddRange(profiles);
            Write(unit.Rows, writers, renderer);
            if (progress is not null && (unitIndex & 1023) == 0)
            {
                progress(people);
            }
        }

        // Every kind of bad line at least once, whatever the size of the sample.
        var badRandom = SampleRandom.For(options.Seed, 2, 0);
        var bad = new SampleUnit();
        for (var kind = 0; kind < BadRows.KindCount; kind++)
        {
            bad.AddBad(BadRows.Make(kind, 1_000_000_000 + kind, badRandom), badRandom.Next(options.Months));
        }

        Write(bad.Rows, writers, renderer);
        truth.WriteEndArray();

        truth.WritePropertyName("anonymous_profiles");
        JsonSerializer.Serialize(truth, anonymous, GroundTruth.Json);
        var rejected = writers.Values.SelectMany(w => w.Finish(Path.GetDirectoryName(truthPath)!)).ToList();
        truth.WritePropertyName("rejected");
        JsonSerializer.Serialize(truth, rejected, GroundTruth.Json);
        truth.WritePropertyName("files");
        JsonSerializer.Serialize(truth, writers.Values.Select(w => w.Summary()).ToList(), GroundTruth.Json);
        var totals = counts.Totals(anonymous.Count);
        truth.WritePropertyName("totals");
        JsonSerializer.Serialize(truth, totals, GroundTruth.Json);
        truth.WriteEndObject();
        progress?.Invoke(people);
        return totals;
    }

    private static void Write(List<SampleRow> rows, Dictionary<SampleFile, SampleFileWriter> writers, RowRenderer renderer)
    {
        foreach (var row in rows)
        {
            writers[row.File].Write(row.Chunk, renderer.Render(row.File, row.Content), row.IsDuplicate, (row.Content as BadRow)?.ReasonCode);
        }
    }

    private static void WriteSources(string path)
    {
        var configuration = new Dictionary<string, object>
        {
            [IngestOptions.SectionName] = new Dictionary<string, object> { [nameof(IngestOptions.Sources)] = SourceConfiguration },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(configuration, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }));
    }

    private sealed class Counts
    {
        private int _visible;
        private int _test;
        private int _deleted;
        private long _orders;
        private decimal _revenue;
        private decimal _refunded;

        public void Add(ExpectedCustomer customer)
        {
            switch (customer.VisibilityStatus)
            {
                case "visible":
                    _visible++;
                    break;
                case "test":
                    _test++;
                    break;
                default:
                    _deleted++;
                    break;
            }

            foreach (var month in customer.Months)
            {
                _orders += month.OrderCount;
                _revenue += month.Revenue;
                _refunded += month.RefundedAmount;
            }
        }

        public GroundTruthTotals Totals(int anonymousProfiles) => new(_visible, _test, _deleted, anonymousProfiles, _orders, _revenue, _refunded);
    }
}
