using CustomerStream.Projection.Rebuild;
using CustomerStream.Projection.Tests.Model;
using CustomerStream.Testing;

namespace CustomerStream.Projection.Tests.Streaming;

/// <summary>The service on a real (embedded) Kafka cluster and PostgreSQL: consume, apply, commit; restarts and redelivery; rebuild from the topics.</summary>
public sealed class ProjectionServiceTests(StreamingFixture streaming) : IClassFixture<StreamingFixture>
{
    private static readonly DateOnly AsOf = MartDatabase.AsOf;

    [Fact]
    public async Task Streamed_through_kafka_the_marts_equal_the_formulas_and_offsets_are_committed()
    {
        await using var db = new MartDatabase();
        await db.InitializeAsync();
        var topics = new KafkaProjection(streaming, db);
        await topics.CreateTopicsAsync();
        var population = Population.Generate(customers: 120, seed: 31);
        var stream = ChangeStream.From(population, seed: 32);
        topics.Produce(stream.Records);

        var group = Unique.Name("projection");
        await topics.RunUntilConsumedAsync(group, stream.Records.Count);

        var expected = new ExpectedMarts(population, AsOf);
        await db.RefreshAsync();
        await RowAssert.SameRowsAsync(db, expected.Periods(Contracts.Aggregate.Grain.MONTH),
            "SELECT customer_id, period_start, order_count, revenue, refunded_amount, avg_order_value, first_order_ts, last_order_ts, web_sessions, page_views FROM mart.customer_month");
        await RowAssert.SameRowsAsync(db, expected.Rfm(), "SELECT customer_id, recency_days, frequency, monetary, r_score, f_score, m_score, segment FROM mart.customer_rfm");
        await RowAssert.SameRowsAsync(db, expected.Orders(), "SELECT order_id, source_system, customer_id, order_ts, status, amount, currency, business_unit, category FROM mart.orders");
        Assert.Equal(stream.Records.Count, topics.Committed(group));
    }

    [Fact]
    public async Task Stopping_midstream_and_reading_everything_again_neither_loses_nor_double_counts()
    {
        await using var db = new MartDatabase();
        await db.InitializeAsync();
        var topics = new KafkaProjection(streaming, db);
        await topics.CreateTopicsAsync();
        var population = Population.Generate(customers: 120, seed: 41);
        var stream = ChangeStream.From(population, seed: 42);
        var half = stream.Records.Count / 2;

        var group = Unique.Name("projection");
        topics.Produce(stream.Records.Take(half));
        await topics.RunUntilConsumedAsync(group, half);
        topics.Produce(stream.Records.Skip(half));
        await topics.RunUntilConsumedAsync(group, stream.Records.Count - half);
        var once = await SnapshotAsync(db);

        // A consumer group that lost every commit (or a crash before any) reads the whole log again.
        await topics.RunUntilConsumedAsync(Unique.Name("projection-again"), stream.Records.Count);
        var twice = await SnapshotAsync(db);

        MartSnapshot.AssertSame(once, twice, "after reading the log twice");

        await RowAssert.SameRowsAsync(db, new ExpectedMarts(population, AsOf).Ltv(),
            "SELECT customer_id, lifetime_value, total_transactions, customer_age_days, avg_spend_per_day, tier FROM mart.metric_customer_ltv");
    }

    [Fact]
    public async Task Rebuild_from_the_retained_topics_reproduces_the_marts()
    {
        await using var db = new MartDatabase();
        await db.InitializeAsync();
        var topics = new KafkaProjection(streaming, db);
        await topics.CreateTopicsAsync();
        var stream = ChangeStream.From(Population.Generate(customers: 100, seed: 51), seed: 52);
        topics.Produce(stream.Records);
        await topics.RunUntilConsumedAsync(Unique.Name("projection"), stream.Records.Count);
        var before = await SnapshotAsync(db);

        var progress = new List<ReplayProgress>();
        var result = await topics.CreateRebuild().RunAsync(RebuildScope.Everything, new Progress<ReplayProgress>(progress.Add), CancellationToken.None);
        Assert.Equal(stream.Records.Count, result.Replay.Consumed);
        Assert.Equal(stream.Records.Count, result.Replay.Total);
        await AssertSameAsync(before, await SnapshotAsync(db));

        await db.QueryAsync("DELETE FROM projection.customer_period_unit WHERE business_unit = 'online'");
        await topics.CreateRebuild().RunAsync(RebuildScope.ForBusinessUnit("online"), null, CancellationToken.None);
        await AssertSameAsync(before, await SnapshotAsync(db));
    }

    [Fact]
    public async Task A_record_that_cannot_be_decoded_goes_to_the_dead_letter_topic_with_its_position_and_everything_else_lands()
    {
        await using var db = new MartDatabase();
        await db.InitializeAsync();
        var topics = new KafkaProjection(streaming, db);
        await topics.CreateTopicsAsync();
        var population = Population.Generate(customers: 60, seed: 61);
        var stream = ChangeStream.From(population, seed: 62);
        var half = stream.Records.Count / 2;
        topics.Produce(stream.Records.Take(half));
        // Not Confluent-framed (a JSON producer on the wrong topic), a wrong magic byte, and a real Avro record cut in half.
        topics.ProduceRaw(topics.Topics.Changes, "json", "{\"customer_id\":\"c360_x\"}"u8.ToArray());
        topics.ProduceRaw(topics.Topics.Links, "magic", [1, 0, 0, 0, 1, 2, 4, 6]);
        var change = (Contracts.Aggregate.CustomerChange)stream.Records.First(r => r is Contracts.Aggregate.CustomerChange);
        var framed = new SchemaRegistry.Serdes.AvroSerializer<Contracts.Aggregate.CustomerChange>(streaming.RegistryClient).AsSyncSerializer()
            .Serialize(change, new Confluent.Kafka.SerializationContext(Confluent.Kafka.MessageComponentType.Value, topics.Topics.Changes));
        topics.ProduceRaw(topics.Topics.Changes, change.CustomerId, framed[..(framed.Length / 2)]);
        topics.Produce(stream.Records.Skip(half));

        var log = new ListLogger<Service.AvroRecordDecoder>();
        var decoder = topics.CreateDecoder(log);
        var group = Unique.Name("projection");
        await topics.RunUntilConsumedAsync(group, stream.Records.Count + 3, decoder);

        Assert.Equal(3, decoder.Undecodable);
        var skipped = log.Entries.Where(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error).Select(e => e.Message).ToList();
        Assert.Equal(3, skipped.Count);
        Assert.All(skipped, m => Assert.Matches(@"^Cannot decode the record at \S+ \[\d\] @\d+, it goes to the dead-letter topic: .+", m));
        Assert.Contains(skipped, m => m.StartsWith($"Cannot decode the record at {topics.Topics.Links} [", StringComparison.Ordinal));
        var letters = topics.ReadDeadLetters().Select(r => (Letter: CustomerStream.Kafka.Faults.DeadLetters.Read(r), r.Message.Value)).ToList();
        Assert.Equal(
            new[] { topics.Topics.Changes, topics.Topics.Changes, topics.Topics.Links },
            letters.Select(l => l.Letter.SourceTopic).Order());
        Assert.Contains(letters, l => l.Value!.SequenceEqual(new byte[] { 1, 0, 0, 0, 1, 2, 4, 6 }) && l.Letter.Error.StartsWith("InvalidDataException", StringComparison.Ordinal));
        Assert.All(letters, l => Assert.Equal(group, l.Letter.Stage));
        await RowAssert.SameRowsAsync(db, new ExpectedMarts(population, AsOf).Ltv(),
            "SELECT customer_id, lifetime_value, total_transactions, customer_age_days, avg_spend_per_day, tier FROM mart.metric_customer_ltv");
        Assert.Equal(stream.Records.Count + 3, topics.Committed(group));
    }

    [Fact]
    public async Task A_schema_id_the_registry_does_not_know_is_a_configuration_error_that_stops_the_projection()
    {
        var catalog = Service.ProjectionTopicNames.Catalog;
        var decoder = new Service.AvroRecordDecoder(streaming.RegistryClient, catalog);
        var record = new Confluent.Kafka.ConsumeResult<byte[]?, byte[]?>
        {
            Topic = catalog.Links,
            Partition = 2,
            Offset = 17,
            Message = new Confluent.Kafka.Message<byte[]?, byte[]?> { Value = [0, 0x7f, 0xff, 0xff, 0xf0, 2, 4, 6] },
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await decoder.DecodeAsync(record, CancellationToken.None));

        Assert.StartsWith($"The Schema Registry does not know the schema of the record at {catalog.Links}[2]@17 (", error.Message, StringComparison.Ordinal);
        Assert.Contains("fix SchemaRegistry:Url", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, decoder.Undecodable);
    }

    private static Task AssertSameAsync(Dictionary<string, List<string>> before, Dictionary<string, List<string>> after)
    {
        MartSnapshot.AssertSame(before, after, "before and after the rebuild from the topics");
        return Task.CompletedTask;
    }

    private static Task<Dictionary<string, List<string>>> SnapshotAsync(MartDatabase db) => MartSnapshot.TakeAsync(db);
}
