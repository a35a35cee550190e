using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CustomerStream.Streaming.Telemetry;
using CustomerStream.Streaming.Tests.Support;
using CustomerStream.Testing;
using Xunit.Abstractions;

namespace CustomerStream.Streaming.Tests.Integration;

public sealed class MetricsTests(EmbeddedKafkaFixture kafka, ITestOutputHelper output) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Throughput_lag_store_size_batch_latency_and_restore_time_are_published()
    {
        await using var scenario = new CountingScenario(kafka, output);
        var measurements = new ConcurrentDictionary<string, ConcurrentBag<(double Value, string? Partition)>>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StreamingTelemetry.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? application = null;
            string? partition = null;
            foreach (var tag in tags)
            {
                application = tag.Key == StreamingTelemetry.ApplicationIdTag ? tag.Value as string : application;
                partition = tag.Key == "partition" ? tag.Value?.ToString() : partition;
            }

            if (application == scenario.ApplicationId)
            {
                measurements.GetOrAdd(instrument.Name, _ => []).Add((value, partition));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();

        await scenario.CreateTopicsAsync();
        await scenario.ProduceAsync(3_000);
        await scenario.StartInstanceAsync();
        await scenario.AssertExactCountsAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        listener.RecordObservableInstruments();

        Assert.Equal(3_000, measurements["customerstream.streaming.records.processed"].Sum(m => m.Value));
        Assert.True(measurements["customerstream.streaming.records.produced"].Sum(m => m.Value) > 0);
        Assert.NotEmpty(measurements["customerstream.streaming.batch.duration"]);
        Assert.Equal(scenario.Partitions, measurements["customerstream.streaming.restore.duration"].Count);
        var lag = measurements["customerstream.streaming.consumer.lag"];
        Assert.Equal(Enumerable.Range(0, scenario.Partitions).Select(p => p.ToString()), lag.Select(l => l.Partition).Distinct().Order());
        Assert.All(lag, l => Assert.Equal(0, l.Value));

        // RocksDB's key count is an estimate that counts overwrites still in memtables.
        Assert.InRange(measurements["customerstream.streaming.store.entries"].Sum(m => m.Value), scenario.Expected.Count, 2 * scenario.Expected.Count);
    }
}
