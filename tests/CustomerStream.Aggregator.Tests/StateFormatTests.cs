using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Serialization;
using CustomerStream.Aggregator.Tests.Support;
using Avro;
using Avro.Generic;
using Avro.IO;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Aggregate;
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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void States_written_by_the_hand_written_format_are_read_with_every_field(int version)
    {
        var (survivorHex, tombstoneHex, taskHex) = version == 1
            ? (VersionOneStates.Survivor, VersionOneStates.Tombstone, VersionOneStates.TaskState)
            : (VersionTwoStates.Survivor, VersionTwoStates.Tombstone, VersionTwoStates.TaskState);
        var aggregator = VersionOneScenario();
        var survivor = aggregator.StateOf("c1")!;
        var tombstone = aggregator.StateOf("c2")!;

        var oldSurvivor = CustomerStateSerializer.Deserialize(Convert.FromHexString(survivorHex));
        var oldTombstone = CustomerStateSerializer.Deserialize(Convert.FromHexString(tombstoneHex));
        var oldTask = CustomerStateSerializer.DeserializeTaskState(Convert.FromHexString(taskHex));

        Assert.Equal(version, Convert.FromHexString(survivorHex)[0]);
        // Written again by this version, the old states are byte for byte what this version writes for the same states.
        Assert.Equal(CustomerStateSerializer.Serialize(survivor), CustomerStateSerializer.Serialize(oldSurvivor));
        Assert.Equal(CustomerStateSerializer.Serialize(tombstone), CustomerStateSerializer.Serialize(oldTombstone));
        Assert.Equal((12, 3), (oldTask.FactWatermark, oldTask.Batches));
        var parked = Assert.Single(oldTask.Parked);
        Assert.Equal(("c1", "c3", 11L, 11L), (parked.TargetId, parked.LoserId, parked.MergeSeq, parked.RouteSeq));
        Assert.Equal(CustomerStateSerializer.Serialize(survivor), CustomerStateSerializer.Serialize(parked.Payload));

        // And the fields themselves, where the formats differ in how they store them.
        Assert.Equal(Sha256, oldSurvivor.Records.Values.Single().RecordHash);
        Assert.Equal(survivor.Orders["shop:o1"].OrderTs, oldSurvivor.Orders["shop:o1"].OrderTs);
        Assert.Equal(DateTimeKind.Utc, oldSurvivor.Orders["shop:o1"].OrderTs.Kind);
        Assert.Equal(["email:ann@example.com"], oldSurvivor.LastSummary!.Identifiers);
        Assert.Equal("Ann", oldSurvivor.LastSummary.FirstName);
        Assert.True(oldTombstone.Removed);
        Assert.Equal("c1", oldTombstone.MergedInto);
    }

    [Fact]
    public void A_transfer_written_by_version_two_is_read()
    {
        var survivor = VersionOneScenario().StateOf("c1")!;

        var transfer = CustomerStateSerializer.DeserializeTransfer(Convert.FromHexString(VersionTwoStates.Transfer));

        Assert.Equal(("c1", "c3", 11L, 11L), (transfer.TargetId, transfer.LoserId, transfer.MergeSeq, transfer.RouteSeq));
        Assert.Equal(CustomerStateSerializer.Serialize(survivor), CustomerStateSerializer.Serialize(transfer.Payload));
    }

    [Fact]
    public void New_states_are_a_version_byte_then_Avro_of_the_state_schema()
    {
        var survivor = VersionOneScenario().StateOf("c1")!;

        var bytes = CustomerStateSerializer.Serialize(survivor);

        Assert.Equal(3, bytes[0]);
        Assert.Equal(CustomerStateSerializer.Version, bytes[0]);
        // Read by Apache Avro's own generic reader with the schema file alone: the .avsc is all a reader needs.
        var schema = CustomerStateSerializer.CurrentStateSchema;
        var reader = new GenericDatumReader<GenericRecord>(schema, schema);
        var record = reader.Read(null!, new BinaryDecoder(new MemoryStream(bytes, 1, bytes.Length - 1)));
        Assert.Equal("c1", record["customer_id"]);
        Assert.Equal(survivor.Orders.Count, ((object[])record["orders"]).Length);
        var summary = (GenericRecord)record["last_summary"];
        Assert.Equal("Ann", summary["first_name"]);
    }

    [Fact]
    public void Every_instant_of_the_contracts_round_trips_to_the_millisecond_in_UTC()
    {
        var aggregator = new AggregatorHarness();
        var facts = new FactFeed();
        aggregator.Batch(facts.Order("c1", "o1", "1969-12-31T23:59:59.999Z", 1m), facts.Order("c1", "o2", "9999-12-31T23:59:59.999Z", 1m));
        var state = aggregator.StateOf("c1")!;

        var copy = CustomerStateSerializer.Deserialize(CustomerStateSerializer.Serialize(state));

        Assert.Equal(state.Orders["shop:o1"].OrderTs, copy.Orders["shop:o1"].OrderTs);
        Assert.Equal(state.Orders["shop:o2"].OrderTs, copy.Orders["shop:o2"].OrderTs);
        Assert.Equal(DateTimeKind.Utc, copy.Orders["shop:o2"].OrderTs.Kind);
    }

    [Fact]
    public void The_state_schema_stores_the_contract_types_as_the_contracts_declare_them()
    {
        var state = CustomerStateSerializer.CurrentStateSchema;
        var summary = (RecordSchema)((UnionSchema)Field(state, "last_summary")).Schemas.Single(s => s.Tag == Schema.Type.Record);
        var records = (RecordSchema)((ArraySchema)Field(state, "records")).ItemSchema;
        var orders = (RecordSchema)((ArraySchema)Field(state, "orders")).ItemSchema;

        // A field added to one of these contracts needs a new state schema version (released ones never change).
        Assert.Equal(Canonical(ContractSchemas.For<CustomerSummary>()), Canonical(summary));
        Assert.Equal(Canonical(Field((RecordSchema)ContractSchemas.For<CustomerRecord>(), "status")), Canonical(Field(records, "status")));
        Assert.Equal(Canonical(Field((RecordSchema)ContractSchemas.For<OrderRecord>(), "status")), Canonical(Field(orders, "status")));
        Assert.Equal(Canonical(Field((RecordSchema)ContractSchemas.For<OrderRecord>(), "amount")), Canonical(Field(orders, "amount")));
    }

    private static Schema Field(RecordSchema record, string name) => record.Fields.Single(f => f.Name == name).Schema;

    private static string Canonical(Schema schema) => SchemaNormalization.ToParsingForm(schema);
}
