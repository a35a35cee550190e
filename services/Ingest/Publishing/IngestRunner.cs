using System.Diagnostics;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Reading;

namespace CustomerStream.Ingest.Publishing;

/// <summary>The loop shared by file and HTTP ingest: read a row, normalize it, publish what it became.</summary>
internal static class IngestRunner
{
    public static async Task RunAsync<T>(
        IRowReader reader,
        RowProcessor<T> processor,
        PublishBatch batch,
        string? defaultSourceSystem,
        Action<IngestTally>? progress,
        TimeSpan progressInterval,
        CancellationToken cancellationToken)
        where T : class
    {
        var lastReport = Stopwatch.GetTimestamp();
        if (progress is not null)
        {
            batch.Waiting = wait =>
            {
                batch.Counters.BytesRead = reader.BytesRead;
                progress(batch.Counters.Snapshot() with { Waiting = wait });
            };
        }

        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } row)
        {
            var outcome = processor.Process(row, DateTime.UtcNow, defaultSourceSystem);
            await batch.PublishAsync(outcome, cancellationToken).ConfigureAwait(false);
            row.Release();
            if (progress is not null && (batch.Counters.Records & 1023) == 0 && Stopwatch.GetElapsedTime(lastReport) >= progressInterval)
            {
                lastReport = Stopwatch.GetTimestamp();
                batch.Counters.BytesRead = reader.BytesRead;
                progress(batch.Counters.Snapshot());
            }
        }

        batch.Counters.BytesRead = reader.BytesRead;
    }
}
