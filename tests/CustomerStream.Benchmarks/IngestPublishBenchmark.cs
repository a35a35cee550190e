using System.Diagnostics;
using System.Globalization;
using CustomerStream.Ingest;
using CustomerStream.Generation;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Publishing;
using CustomerStream.Kafka;
using CustomerStream.Kafka.Inspection;
using CustomerStream.Pipeline.Testing;
using CustomerStream.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerStream.Benchmarks;

/// <summary>
/// The whole file ingest as <c>customerstream bench</c> runs it: the generated sample's six files read, normalized,
/// encoded as Avro and produced (idempotent, LZ4) to an embedded cluster with a registry, every record acknowledged.
/// Reports process CPU per row (the brokers run in this process too; the per-thread split shows their share) and
/// rows/s, for the first (cold: JIT) and later rounds, with the files one after another or all at once.
/// </summary>
public sealed class IngestPublishBenchmark : IBenchmark
{
    public string Name => "ingest-publish";

    public string Description => "CPU µs/row and rows/s of file ingest to the embedded cluster, the bench's sample [customers=10000] [rounds=3] [sequential|concurrent]";

    public async Task RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var customers = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var rounds = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var concurrent = args.Count > 2 && args[2] == "concurrent";
        using var folder = new TemporaryDirectory("cs-ingest-publish-");
        var sample = await EmbeddedPipeline.GenerateAsync(new GeneratorOptions { Customers = customers, Seed = 42 }, folder.Path);
        await using var pipeline = await EmbeddedPipeline.StartAsync();
        var services = new ServiceCollection().AddLogging();
        services.AddEmbeddedKafka(pipeline.Cluster);
        services.AddIngestPublishing(pipeline.Configuration());
        services.Configure<IngestOptions>(o => o.Sources = new(SampleGenerator.SourceConfiguration, StringComparer.OrdinalIgnoreCase));
        await using var provider = services.BuildServiceProvider();
        var ingestor = provider.GetRequiredService<FileIngestor>();
        var files = sample.Files.Select(f => (Entity: Parse(f.Entity), Path: Path.Combine(sample.Folder, f.Name))).ToList();
        if (args.Count > 2 && args[2] == "stages")
        {
            await IngestStages.RunAsync(provider, files, rounds, cancellationToken);
            return;
        }

        Console.WriteLine($"ingest-publish: {sample.Records:N0} rows in {files.Count} files ({customers:N0} people), {(concurrent ? "all files at once" : "one file after another")}, {Environment.ProcessorCount} cores");

        var warm = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            GC.Collect();
            var before = ThreadCpu.Now();
            var clock = Stopwatch.StartNew();
            var tallies = concurrent
                ? await Task.WhenAll(files.Select(f => Task.Run(() => ingestor.IngestAsync(f.Entity, f.Path, cancellationToken: cancellationToken), cancellationToken)))
                : await SequentialAsync(ingestor, files, cancellationToken);
            clock.Stop();
            var after = ThreadCpu.Now();
            var rows = tallies.Sum(t => t.Records);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round}{(round == 1 ? " (cold)" : "")}: {rows:N0} rows in {clock.Elapsed.TotalSeconds:N2} s = {rows / clock.Elapsed.TotalSeconds:N0} rows/s; {after.Describe(before, rows)}"));
            if (round > 1)
            {
                warm.Add((after.Total - before.Total).TotalSeconds * 1e6 / rows);
            }
        }

        // What the embedded cluster kept: it drops the oldest batches beyond ~5 MB per partition, so this is what
        // a consumer that had read nothing would still find (the figure pacing must stay well below).
        using (var reader = ConsumerPositionReader.Connect(pipeline.Cluster.BootstrapServers))
        {
            var topics = files.Select(f => f.Entity.Topic()).Distinct().ToList();
            foreach (var byTopic in (await reader.ReadAsync(topics, [], cancellationToken)).GroupBy(p => p.Topic))
            {
                var retained = byTopic.Select(p => p.LogEnd - p.LogStart).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {byTopic.Key}: {byTopic.Sum(p => p.LogEnd):N0} records produced, {retained.Sum():N0} retained ({retained.Min():N0}–{retained.Max():N0} per partition{(byTopic.All(p => p.LogStart == 0) ? ", nothing dropped" : "")})"));
            }
        }

        if (warm.Count > 0)
        {
            warm.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  warm rounds: median {warm[warm.Count / 2]:N1} µs/row, best {warm[0]:N1} µs/row of CPU ({warm.Count} rounds)"));
        }
    }

    private static async Task<IngestTally[]> SequentialAsync(FileIngestor ingestor, List<(IngestEntity Entity, string Path)> files, CancellationToken cancellationToken)
    {
        var tallies = new List<IngestTally>();
        foreach (var (entity, path) in files)
        {
            tallies.Add(await ingestor.IngestAsync(entity, path, cancellationToken: cancellationToken));
        }

        return [.. tallies];
    }

    private static IngestEntity Parse(string entity) =>
        IngestEntityExtensions.TryParseEntity(entity, out var parsed) ? parsed : throw new InvalidDataException($"'{entity}' is no ingest entity");
}
