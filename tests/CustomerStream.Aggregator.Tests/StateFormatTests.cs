using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Serialization;
using CustomerStream.Aggregator.Tests.Support;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Aggregator.Tests;

public sealed class StateFormatTests
{
    private const string Sha256 = "3f1c8e2a9b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e";

    /// <summary>The scenario whose states <see cref="VersionOneStates"/> holds, as the first release encoded them.</summary>
    public static AggregatorHarness VersionOneScenario()
    {
        var facts = new FactFeed();
        var aggregator = new AggregatorHarness { DeliverTransfersAutomatically = false };
        aggregator.Batch(
            facts.Customer("c1", "1", "2024-01-01", email: "ann@example.com", firstName: "Ann", lastName: "Lee", country: "DE", city: "Köln", phone: "+49 1", createdAt: "2023-12-31", isTest: true, hash: Sha256),
            facts.Order("c1", "o1", "2024-02-01T10:11:12.345Z", 1234567.8912m, businessUnit: "b2b", email: "ann@example.com", category: "tools"),
            facts.Order("c1", "o2", "2024-02-02", -5m, OrderStatus.REFUNDED),
            facts.Web("c1", "e1", "2024-02-03", "login", "s1", email: "ann@example.com"),
            facts.Retract("c1", "e2", "2024-02-03"),
            facts.Identifier("c1", "email:ann@example.com", "2023-01-01", "crm"),
            facts.Acquisition("c1", "2023-12-31", "crm"),
            facts.Order("c2", "o3", "2024-02-02", 5m));
        aggregator.Batch(facts.Merge("c2", "c1"));
        aggregator.DeliverTransfers();
        return aggregator;
    }

    [Fact]
    public void States_written_by_the_first_format_version_are_read_with_every_field()
    {
        var aggregator = VersionOneScenario();
        var survivor = aggregator.StateOf("c1")!;
        var tombstone = aggregator.StateOf("c2")!;

        var oldSurvivor = CustomerStateSerializer.Deserialize(Convert.FromHexString(VersionOneStates.Survivor));
        var oldTombstone = CustomerStateSerializer.Deserialize(Convert.FromHexString(VersionOneStates.Tombstone));
        var oldTask = CustomerStateSerializer.DeserializeTaskState(Convert.FromHexString(VersionOneStates.TaskState));

        // Written again by this version, the old states are byte for byte what this version writes for the same states.
        Assert.Equal(CustomerStateSerializer.Serialize(survivor), CustomerStateSerializer.Serialize(oldSurvivor));
        Assert.Equal(CustomerStateSerializer.Serialize(tombstone), CustomerStateSerializer.Serialize(oldTombstone));
        Assert.Equal((12, 3), (oldTask.FactWatermark, oldTask.Batches));
        var parked = Assert.Single(oldTask.Parked);
        Assert.Equal(("c1", "c3", 11L, 11L), (parked.TargetId, parked.LoserId, parked.MergeSeq, parked.RouteSeq));
        Assert.Equal(CustomerStateSerializer.Serialize(survivor), CustomerStateSerializer.Serialize(parked.Payload));

        // And the fields themselves, where the two versions differ in how they store them.
        Assert.Equal(Sha256, oldSurvivor.Records.Values.Single().RecordHash);
        Assert.Equal(survivor.Orders["shop:o1"].OrderTs, oldSurvivor.Orders["shop:o1"].OrderTs);
        Assert.Equal(["email:ann@example.com"], oldSurvivor.LastSummary!.Identifiers);
        Assert.Equal("Ann", oldSurvivor.LastSummary.FirstName);
    }

    [Fact]
    public void Version_two_stores_hashes_and_instants_compactly()
    {
        var survivor = VersionOneScenario().StateOf("c1")!;

        var current = CustomerStateSerializer.Serialize(survivor);
        var first = Convert.FromHexString(VersionOneStates.Survivor);

        Assert.Equal(CustomerStateSerializer.Version, current[0]);
        Assert.Equal(1, first[0]);
        // 32 bytes less for the SHA-256 hash alone; instants and repeated strings save the rest.
        Assert.True(current.Length < first.Length - 100, $"version 2: {current.Length} bytes, version 1: {first.Length}");
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(638_400_000_000_000_000L)]
    [InlineData(638_400_000_001_230_000L)]
    [InlineData(638_400_000_001_234_567L)]
    [InlineData(621_355_967_990_000_000L)]
    [InlineData(621_355_967_999_999_999L)]
    [InlineData(3_155_378_975_999_999_999L)]
    public void Instants_round_trip_to_the_tick_whatever_their_precision(long ticks)
    {
        var value = new DateTime(ticks, DateTimeKind.Utc);
        var writer = new StateWriter();
        writer.WriteTime(value);
        writer.WriteNullableTime(value);
        writer.WriteNullableTime(null);

        var reader = new StateReader(writer.Written, []);

        var back = reader.ReadTime();
        Assert.Equal(value, back);
        Assert.Equal(DateTimeKind.Utc, back.Kind);
        Assert.Equal(value, reader.ReadNullableTime());
        Assert.Null(reader.ReadNullableTime());
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [InlineData(Sha256, 33)]
    [InlineData("3F1C8E2A9B7D6C5E4F3A2B1C0D9E8F7A6B5C4D3E2F1A0B9C8D7E6F5A4B3C2D1E", 65)]
    [InlineData("o1|2024-02-01|10.00|APPROVED", 29)]
    [InlineData("", 1)]
    public void Record_hashes_of_lower_case_hex_take_their_bytes_and_others_stay_text(string hash, int size)
    {
        var writer = new StateWriter();
        writer.WriteHash(hash);

        var reader = new StateReader(writer.Written, []);

        Assert.Equal(size, writer.Length);
        Assert.Equal(hash, reader.ReadHash());
        Assert.True(reader.AtEnd);
    }
}
