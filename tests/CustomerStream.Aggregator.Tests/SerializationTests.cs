using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Serialization;
using CustomerStream.Aggregator.Tests.Support;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Ingest;
using CustomerStream.SchemaRegistry.Codec;

namespace CustomerStream.Aggregator.Tests;

public sealed class SerializationTests
{
    private readonly FactFeed _facts = new();

    [Fact]
    public void A_state_survives_the_round_trip_with_every_entity_and_its_bookkeeping()
    {
        var aggregator = new AggregatorHarness { DeliverTransfersAutomatically = false };
        aggregator.Batch(
            _facts.Customer("c1", "1", "2024-01-01", email: "ann@example.com", firstName: "Ann", lastName: "Lee", country: "DE", city: "Köln", phone: "+49 1", createdAt: "2023-12-31", isTest: true),
            _facts.Order("c1", "o1", "2024-02-01T10:11:12.345Z", 1234567.8912m, businessUnit: "b2b", email: "ann@example.com", category: "tools"),
            _facts.Order("c1", "o2", "2024-02-02", -5m, OrderStatus.REFUNDED),
            _facts.Web("c1", "e1", "2024-02-03", "login", "s1", email: "ann@example.com"),
            _facts.Retract("c1", "e2", "2024-02-03"),
            _facts.Identifier("c1", "email:ann@example.com", "2023-01-01", "crm"),
            _facts.Acquisition("c1", "2023-12-31", "crm"),
            _facts.Order("c2", "o3", "2024-02-02", 5m));
        aggregator.Batch(_facts.Merge("c2", "c1"));
        aggregator.DeliverTransfers();
        var original = aggregator.StateOf("c1")!;

        var copy = CustomerStateSerializer.Deserialize(CustomerStateSerializer.Serialize(original));

        Assert.Equal(original.CustomerId, copy.CustomerId);
        Assert.Equal(original.LastSeq, copy.LastSeq);
        Assert.Equal(original.Version, copy.Version);
        Assert.Equal(original.Removed, copy.Removed);
        Assert.Equal(original.AppliedTransfers, copy.AppliedTransfers);
        Assert.Equal(original.Acquisition, copy.Acquisition);
        Assert.Equal(original.Records.Values, copy.Records.Values);
        Assert.Equal(original.Orders.Values, copy.Orders.Values);
        Assert.Equal(original.WebEvents.Values, copy.WebEvents.Values);
        Assert.Equal(original.Identifiers.Values, copy.Identifiers.Values);
        // Every field, compared through the contract's own encoding of the summary.
        var summaries = AvroCodec.Writer<CustomerSummary>(ContractSchemas.For<CustomerSummary>());
        Assert.Equal(summaries.ToArray(original.LastSummary!), summaries.ToArray(copy.LastSummary!));
        Assert.Equal(original.LastSummary!.Identifiers, copy.LastSummary!.Identifiers);
        Assert.Equal(4, original.Orders["shop:o1"].Amount.Scale);
        Assert.Equal(4, copy.Orders["shop:o1"].Amount.Scale);
        Assert.Equal(DateTimeKind.Utc, copy.Orders["shop:o1"].OrderTs.Kind);

        var tombstone = aggregator.StateOf("c2")!;
        var tombstoneCopy = CustomerStateSerializer.Deserialize(CustomerStateSerializer.Serialize(tombstone));
        Assert.True(tombstoneCopy.Removed);
        Assert.Equal("c1", tombstoneCopy.MergedInto);
        Assert.Equal(tombstone.MergeHistory, tombstoneCopy.MergeHistory);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.0001")]
    [InlineData("99999999999999.9999")]
    [InlineData("-99999999999999.9999")]
    [InlineData("1234567.8912")]
    public void Amounts_round_trip_exactly_at_the_contracts_scale(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var aggregator = new AggregatorHarness();
        aggregator.Batch(_facts.Order("c1", "o1", "2024-02-01", value));

        var copy = CustomerStateSerializer.Deserialize(CustomerStateSerializer.Serialize(aggregator.StateOf("c1")!));

        Assert.Equal(value, copy.Orders["shop:o1"].Amount);
        Assert.Equal(4, copy.Orders["shop:o1"].Amount.Scale);
    }

    [Fact]
    public void A_transfer_round_trips_with_its_target_and_identity()
    {
        var state = new CustomerState("loser");
        var transfer = new StateTransfer("survivor", "loser", 42, 57, state);

        var back = CustomerStateSerializer.DeserializeTransfer(CustomerStateSerializer.SerializeTransfer(transfer));

        Assert.Equal("survivor", back.TargetId);
        Assert.Equal(transfer.Id, back.Id);
        Assert.Equal(("loser", 42L), (back.Id.LoserId, back.Id.MergeSeq));
        Assert.Equal(57, back.RouteSeq);
        Assert.Equal("loser", back.Payload.CustomerId);
    }

    [Fact]
    public void Unknown_formats_and_truncated_bytes_are_rejected_with_a_clear_error()
    {
        var bytes = CustomerStateSerializer.Serialize(new CustomerState("c1"));
        var future = (byte[])bytes.Clone();
        future[0] = 99;

        Assert.Contains("version 99", Assert.Throws<InvalidDataException>(() => CustomerStateSerializer.Deserialize(future)).Message);
        Assert.Throws<InvalidDataException>(() => CustomerStateSerializer.Deserialize([]));
        Assert.Throws<InvalidDataException>(() => CustomerStateSerializer.Deserialize(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<InvalidDataException>(() => CustomerStateSerializer.Deserialize([.. bytes, 0]));
    }

    [Fact]
    public void A_web_event_attribution_costs_its_fields_and_no_more()
    {
        var aggregator = new AggregatorHarness(serialize: true);
        var facts = Enumerable.Range(0, 200).Select(i => _facts.Web("c1", $"event-{i:D4}", "2024-01-01", "page_view", $"session-{i / 20}")).ToArray();
        aggregator.Batch(facts);

        var bytes = aggregator.StoredBytes;

        // 200 events: id (11 bytes) + seq + flag + time (6) + type (11) + session (11) + null e-mail ≈ 45 bytes each.
        Assert.InRange(bytes, 200 * 35, 200 * 55);
    }
}
