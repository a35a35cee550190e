using System.Diagnostics;
using System.Globalization;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Publishing;
using CustomerStream.Ingest.Reading;
using CustomerStream.SchemaRegistry.Serdes;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerStream.Benchmarks;

/// <summary>Where file ingest's CPU goes before Kafka: reading alone, reading and normalizing, and encoding Avro on top.</summary>
internal static class IngestStages
{
    public static async Task RunAsync(IServiceProvider provider, IReadOnlyList<(IngestEntity Entity, string Path)> files, int rounds, CancellationToken cancellationToken)
    {
        var pipeline = provider.GetRequiredService<IngestPipeline>();
        var serializers = provider.GetRequiredService<IngestSerializers>();
        foreach (var stage in new[] { "read", "read+normalize", "read+normalize+encode" })
        {
            for (var round = 1; round <= rounds; round++)
            {
                GC.Collect();
                var before = ThreadCpu.Now();
                var clock = Stopwatch.StartNew();
                long rows = 0;
                foreach (var (entity, path) in files)
                {
                    rows += entity switch
                    {
                        IngestEntity.Customers => await RunAsync(entity, path, pipeline.Customers, serializers, stage, cancellationToken),
                        IngestEntity.Orders => await RunAsync(entity, path, pipeline.Orders, serializers, stage, cancellationToken),
                        _ => await RunAsync(entity, path, pipeline.WebEvents, serializers, stage, cancellationToken),
                    };
                }

                var after = ThreadCpu.Now();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {stage,-22} round {round}: {rows / clock.Elapsed.TotalSeconds,10:N0} rows/s; {after.Describe(before, rows)}"));
            }
        }
    }

    private static async Task<long> RunAsync<T>(IngestEntity entity, string path, RowProcessor<T> processor, IngestSerializers serializers, string stage, CancellationToken cancellationToken)
        where T : class
    {
        var fields = FieldSet.For(entity);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using IRowReader reader = path.EndsWith(".ndjson", StringComparison.Ordinal)
            ? new NdjsonRowReader(stream, fields, Path.GetFileName(path))
            : new CsvRowReader(stream, fields, Path.GetFileName(path));
        var encoder = await ((AvroSerializer<T>)serializers.For<T>()).GetEncoderAsync(entity.Topic(), cancellationToken: cancellationToken);
        var rejections = await ((AvroSerializer<RejectedRecord>)serializers.Rejected).GetEncoderAsync(Topics.IngestRejected, cancellationToken: cancellationToken);
        long rows = 0, bytes = 0;
        var now = DateTime.UtcNow;
        while (await reader.ReadAsync(cancellationToken) is { } row)
        {
            rows++;
            if (stage == "read")
            {
                continue;
            }

            var outcome = processor.Process(row, now, null);
            if (stage == "read+normalize")
            {
                continue;
            }

            bytes += outcome.Record is { } record ? encoder.Encode(record).Length : rejections.Encode(outcome.Rejected!).Length;
        }

        return rows + (bytes < 0 ? 1 : 0);
    }
}
