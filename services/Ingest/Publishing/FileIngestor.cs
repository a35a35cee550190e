using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Reading;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Ingest.Publishing;

/// <summary>
/// Streams one file into the ingest topics: customers and orders as CSV, web events as NDJSON (or
/// by extension: <c>.csv</c>, <c>.ndjson</c>/<c>.jsonl</c>). Every record becomes one event or one
/// rejection; the tally is returned only after Kafka acknowledged all of them.
/// </summary>
public sealed partial class FileIngestor(IngestPublisher publisher, IngestPipeline pipeline, ILogger<FileIngestor> logger)
{
    /// <summary>Ingests <paramref name="path"/>.</summary>
    /// <param name="entity">What the file holds.</param>
    /// <param name="path">The file.</param>
    /// <param name="sourceSystem">The source system of records that name none (<c>--source</c>); for web events also their source.</param>
    /// <param name="progress">Called every <see cref="IngestOptions.ProgressInterval"/> with the counts so far.</param>
    /// <param name="cancellationToken">Stops reading; what was produced is still flushed by the caller's producer.</param>
    /// <exception cref="InputFormatException">The file is not the kind of file <paramref name="entity"/> says (its header lacks required columns).</exception>
    /// <exception cref="IngestPublishException">Kafka did not acknowledge every record.</exception>
    /// <exception cref="IngestStalledException">Ingest waited for the consumers of its topic (pacing) and they did not move.</exception>
    public async Task<IngestTally> IngestAsync(
        IngestEntity entity, string path, string? sourceSystem = null, Action<IngestTally>? progress = null, CancellationToken cancellationToken = default)
    {
        var fileName = Path.GetFileName(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var reader = await OpenAsync(entity, stream, fileName, sourceSystem, cancellationToken).ConfigureAwait(false);
        using var activity = IngestTelemetry.StartActivity("ingest file",
        [
            new("customerstream.ingest.entity", entity.EntityName()),
            new("customerstream.ingest.file", fileName),
            new("customerstream.ingest.source", sourceSystem),
        ]);
        var batch = publisher.Begin(entity, activity);
        LogStarted(entity.EntityName(), fileName);
        switch (entity)
        {
            case IngestEntity.Customers:
                await IngestRunner.RunAsync(reader, pipeline.Customers, batch, sourceSystem, progress, publisher.Options.ProgressInterval, cancellationToken).ConfigureAwait(false);
                break;
            case IngestEntity.Orders:
                await IngestRunner.RunAsync(reader, pipeline.Orders, batch, sourceSystem, progress, publisher.Options.ProgressInterval, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await IngestRunner.RunAsync(reader, pipeline.WebEvents, batch, sourceSystem, progress, publisher.Options.ProgressInterval, cancellationToken).ConfigureAwait(false);
                break;
        }

        await batch.CompleteAsync(publisher.CompletionTimeout, cancellationToken).ConfigureAwait(false);
        var tally = batch.Counters.Snapshot();
        activity.SetTag("customerstream.ingest.accepted", tally.Accepted);
        activity.SetTag("customerstream.ingest.rejected", tally.Rejected);
        LogFinished(fileName, tally.Records, tally.Accepted, tally.Rejected, tally.Elapsed.TotalSeconds);
        return tally;
    }

    private async Task<IRowReader> OpenAsync(IngestEntity entity, Stream stream, string fileName, string? sourceSystem, CancellationToken cancellationToken)
    {
        var fields = FieldSet.For(entity);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var ndjson = extension is ".ndjson" or ".jsonl" || (extension != ".csv" && entity == IngestEntity.WebEvents);
        if (ndjson)
        {
            return new NdjsonRowReader(stream, fields, fileName, pipeline.Limits);
        }

        var csv = new CsvRowReader(stream, fields, fileName, pipeline.Limits);
        try
        {
            var columns = await csv.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            var missing = csv.MissingColumns().ToList();
            if (sourceSystem is null && entity != IngestEntity.WebEvents
                && !columns.Any(c => string.Equals(c, "source_system", StringComparison.OrdinalIgnoreCase)))
            {
                missing.Insert(0, "source_system (or pass --source)");
            }

            if (columns.Count > 0 && missing.Count > 0)
            {
                throw new InputFormatException(
                    $"{fileName} is not a {entity.EntityName()} file: its header lacks {string.Join(", ", missing)} (it has {string.Join(", ", columns)})");
            }

            return csv;
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingesting {Entity} from {File}")]
    private partial void LogStarted(string entity, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingested {File}: {Records} records, {Accepted} accepted, {Rejected} rejected in {Seconds:N1} s")]
    private partial void LogFinished(string file, long records, long accepted, long rejected, double seconds);
}
