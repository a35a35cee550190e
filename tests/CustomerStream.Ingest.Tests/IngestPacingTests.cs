using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Publishing;
using CustomerStream.Kafka.Inspection;

namespace CustomerStream.Ingest.Tests;

/// <summary>
/// Pacing on a real embedded cluster: ingest never runs more than the configured lead ahead of the slowest consumer
/// group, says so while it waits, and gives up with the group's name when the consumers do not move at all.
/// </summary>
public sealed class IngestPacingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ingest-pacing-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Ingest_waits_while_the_slowest_group_is_too_far_behind_and_finishes_once_it_catches_up()
    {
        const long bound = 200;
        const int orders = 4_000;
        var path = WriteOrders(orders);
        using var cluster = new IngestCluster(pacing: new IngestPacingOptions
        {
            MaxLeadPerPartition = bound,
            ConsumerGroups = ["fast", "slow"],
            PollInterval = TimeSpan.FromMilliseconds(20),
        });
        var reports = new ConcurrentQueue<IngestTally>();
        using var stop = new CancellationTokenSource();
        var fast = Task.Run(() => ConsumeAndCommit(cluster.BootstrapServers, "fast", stop.Token));

        var ingest = Task.Run(() => cluster.Files.IngestAsync(IngestEntity.Orders, path, progress: reports.Enqueue));
        await UntilAsync(() => reports.Any(r => r.Waiting is { Group: "slow" }) || ingest.IsCompleted);

        Assert.False(ingest.IsCompleted, "ingest finished although group 'slow' had read nothing");
        var waiting = reports.Select(r => r.Waiting).OfType<PacingWait>().Last();
        Assert.Equal(Topics.IngestOrders, waiting.Topic);
        Assert.StartsWith("waiting for the pipeline: ", waiting.ToString(), StringComparison.Ordinal);
        using (var reader = ConsumerPositionReader.Connect(cluster.BootstrapServers))
        {
            var positions = await reader.ReadAsync([Topics.IngestOrders], ["slow"], CancellationToken.None);
            Assert.InRange(positions.Max(p => p.LagOf("slow")), 1, 2 * bound);
            Assert.True(positions.Sum(p => p.LogEnd) < orders, "the whole file is on the topic although the slow group read nothing");
        }

        var slow = Task.Run(() => ConsumeAndCommit(cluster.BootstrapServers, "slow", stop.Token));
        var tally = await ingest.WaitAsync(TimeSpan.FromMinutes(2));
        await stop.CancelAsync();
        await Task.WhenAll(fast, slow);

        Assert.Equal(orders, tally.Accepted);
        Assert.True(tally.Waited > TimeSpan.Zero);
        Assert.Equal(orders, cluster.ReadAll<OrderRecord>(Topics.IngestOrders).Count);
    }

    [Fact]
    public async Task Ingest_stops_and_names_the_group_when_the_consumers_do_not_move()
    {
        var path = WriteOrders(3_000);
        using var cluster = new IngestCluster(pacing: new IngestPacingOptions
        {
            MaxLeadPerPartition = 100,
            ConsumerGroups = ["never-started"],
            PollInterval = TimeSpan.FromMilliseconds(20),
            StallTimeout = TimeSpan.FromSeconds(1),
        });

        var e = await Assert.ThrowsAsync<IngestStalledException>(() => cluster.Files.IngestAsync(IngestEntity.Orders, path));

        Assert.Contains("group never-started is", e.Message, StringComparison.Ordinal);
        Assert.Contains(Topics.IngestOrders, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true, true)]
    [InlineData(null, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, false, true)]
    public void Pacing_is_on_by_default_with_the_embedded_cluster_only(bool? enabled, bool embedded, bool applies)
    {
        var options = new IngestPacingOptions { Enabled = enabled, ConsumerGroups = ["g"] };

        Assert.Equal(applies, options.AppliesTo(embedded));
        Assert.False(new IngestPacingOptions { Enabled = true }.AppliesTo(embedded), "pacing without groups has nothing to wait for");
    }

    private string WriteOrders(int count)
    {
        var path = Path.Combine(_folder, $"orders_{count}.csv");
        var text = new StringBuilder(BadInputCorpus.OrderHeader + "\n");
        for (var i = 0; i < count; i++)
        {
            text.Append($"shop,o-{i},u-{i % 300},,2024-03-05T10:00:00Z,,approved,{10 + (i % 90)}.50,EUR,,,,\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>Reads the orders topic as group <paramref name="group"/>, committing what it read every few records.</summary>
    private static void ConsumeAndCommit(string bootstrapServers, string group, CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = group,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
        }).Build();
        consumer.Subscribe(Topics.IngestOrders);
        var read = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(50)) is { Message: not null } record && ++read % 50 != 0)
            {
                continue;
            }

            try
            {
                consumer.Commit();
            }
            catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_NoOffset)
            {
                // Nothing read since the last commit.
            }
        }

        consumer.Close();
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }
}
