using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace CustomerStream.Benchmarks.Streamiz;

/// <summary>
/// The workload both engines run, the one of the <c>streaming</c> benchmark: <see cref="Records"/> JSON records over
/// <see cref="Keys"/> keys (<c>customer-{i % keys}</c>) in <see cref="Partitions"/> partitions, counted per key in a
/// RocksDB store, one output per changed key per batch (ours) or per commit (Streamiz's record cache).
/// </summary>
/// <remarks>
/// The embedded cluster keeps only about 5 MB per partition, so the input is produced while the engine runs, never
/// more than <see cref="MaxAhead"/> records ahead of what it has processed.
/// </remarks>
public sealed record CountingWorkload(int Records, int Keys, int Partitions)
{
    public const int MaxAhead = 100_000;

    /// <summary>How long the engine may process nothing while records wait before the run is declared stalled.</summary>
    public static readonly TimeSpan StallLimit = TimeSpan.FromMinutes(2);

    private static readonly byte[] Value = Encoding.UTF8.GetBytes("{\"amount\":12.50}");

    /// <summary>Produces the records to <paramref name="topic"/>, pacing on <paramref name="processed"/>; returns how long it took.</summary>
    /// <exception cref="TimeoutException">The engine processed nothing for <see cref="StallLimit"/> while it was ahead.</exception>
    public TimeSpan Produce(string bootstrap, string topic, Func<long> processed)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            LingerMs = 5,
            QueueBufferingMaxMessages = 1_000_000,
            Partitioner = Partitioner.Murmur2Random,
        }).SetLogHandler((_, _) => { }).Build();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Records; i++)
        {
            if (i % 10_000 == 0)
            {
                var waiting = Stopwatch.StartNew();
                var seen = processed();
                while (i - seen > MaxAhead)
                {
                    Thread.Sleep(1);
                    var now = processed();
                    if (now != seen)
                    {
                        (seen, waiting) = (now, Stopwatch.StartNew());
                    }
                    else if (waiting.Elapsed > StallLimit)
                    {
                        throw new TimeoutException($"The engine processed nothing for {StallLimit.TotalMinutes:N0} minutes at {seen:N0} of {Records:N0} records.");
                    }
                }
            }

            producer.Produce(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes($"customer-{i % Keys}"), Value = Value });
        }

        producer.Flush(TimeSpan.FromMinutes(2));
        return clock.Elapsed;
    }

    /// <summary>The offsets group <paramref name="groupId"/> committed on <paramref name="topic"/>, summed over its partitions.</summary>
    public long Committed(string bootstrap, string groupId, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = groupId })
            .SetLogHandler((_, _) => { }).Build();
        var partitions = Enumerable.Range(0, Partitions).Select(p => new TopicPartition(topic, p));
        return consumer.Committed(partitions, TimeSpan.FromSeconds(10)).Sum(c => Math.Max(0, c.Offset.Value));
    }
}
