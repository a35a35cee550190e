using System.Diagnostics;
using CustomerStream.Streaming.Processing;
using CustomerStream.Streaming.Repartition;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Identity.Service;

/// <summary>
/// The router, with backpressure: after each batch it waits while the identity graph is more than
/// <c>maxLag</c> records behind on <c>identity.input.v1</c>. The graph is one task and the router has
/// one per ingest partition, so without this the funnel fills as fast as ingest writes; on a cluster
/// with bounded retention (the embedded one keeps about 5 MB per partition) records the graph has not
/// read yet would be dropped. Waiting is bounded so the router's consumer keeps its group membership.
/// </summary>
internal sealed partial class PacedRouter(RepartitionProcessor inner, Func<long> lag, long maxLag, TimeSpan maxWait, ILogger logger) : IStreamProcessor
{
    public void Process(StreamRecord record, IProcessorContext context) => inner.Process(record, context);

    public void OnBatchEnd(IProcessorContext context)
    {
        if (maxLag <= 0)
        {
            return;
        }

        var waited = Stopwatch.StartNew();
        long current;
        try
        {
            while ((current = lag()) > maxLag)
            {
                if (waited.Elapsed > maxWait)
                {
                    LogGaveUp(logger, current, maxLag, maxWait.TotalSeconds);
                    return;
                }

                Thread.Sleep(25);
            }
        }
        catch (Confluent.Kafka.KafkaException exception)
        {
            // Backpressure is an optimization of the funnel, never a reason to stop routing.
            LogProbeFailed(logger, exception.Error.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The identity graph is still {Lag} records behind (limit {MaxLag}) after {Seconds} s; routing on")]
    private static partial void LogGaveUp(ILogger logger, long lag, long maxLag, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the identity graph's lag ({Reason}); routing on")]
    private static partial void LogProbeFailed(ILogger logger, string reason);
}
