using System.Globalization;
using CustomerStream.Bridge.Mapping;
using CustomerStream.Bridge.Tests.Support;
using CustomerStream.Contracts;
using CustomerStream.Messages;
using MassTransit;
using Contract = CustomerStream.Contracts.Customer;

namespace CustomerStream.Bridge.Tests;

/// <summary>The messages stay the contract's twins: same fields, same symbols, the topics' names on RabbitMQ.</summary>
public sealed class MessageContractTests
{
    public static TheoryData<Type, Type> Twins => new()
    {
        { typeof(Contract.CustomerProfileChanged), typeof(CustomerProfileChanged) },
        { typeof(Contract.CustomerProfile), typeof(CustomerProfile) },
        { typeof(Contract.CustomerMerged), typeof(CustomerMerged) },
        { typeof(Contract.CustomerErased), typeof(CustomerErased) },
    };

    [Theory]
    [MemberData(nameof(Twins))]
    public void A_message_has_exactly_the_fields_of_its_Avro_schema(Type contract, Type message)
    {
        var schemaFields = ContractSchemas.For(contract).Fields.Select(f => Pascal(f.Name)).Order(StringComparer.Ordinal);
        var messageProperties = message.GetProperties().Where(p => p.DeclaringType == message && p.Name != "EqualityContract").Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(schemaFields, messageProperties);
    }

    [Fact]
    public void Every_visibility_symbol_of_the_contract_has_its_message_twin()
    {
        var mapped = Enum.GetValues<Contract.VisibilityStatus>().Select(MessageMapper.ToMessage).ToList();
        Assert.Equal(Enum.GetValues<VisibilityStatus>(), mapped);
        Assert.Equal(Enum.GetNames<Contract.VisibilityStatus>(), mapped.Select(v => v.ToString().ToUpperInvariant()));
    }

    [Fact]
    public void Messages_are_published_to_exchanges_named_like_the_Kafka_topics()
    {
        Assert.Equal(Topics.CustomerProfileChanged, MessageNames.CustomerProfileChanged);
        Assert.Equal(Topics.CustomerMerged, MessageNames.CustomerMerged);
        Assert.Equal(Topics.CustomerErased, MessageNames.CustomerErased);
        Assert.Equal($"urn:message:{Topics.CustomerErased}", MessageUrn.ForTypeString<CustomerErased>());
        Assert.Equal($"urn:message:{Topics.CustomerProfileChanged}", MessageUrn.ForTypeString<CustomerProfileChanged>());
        Assert.Equal($"urn:message:{Topics.CustomerMerged}", MessageUrn.ForTypeString<CustomerMerged>());
    }

    [Fact]
    public void A_profile_change_maps_every_field_with_times_in_UTC()
    {
        var record = ProfileFeed.Record(customer: 12, version: 3);
        record.Profile.AcquisitionTs = new DateTime(2024, 2, 29, 23, 59, 59, 123, DateTimeKind.Unspecified);
        var message = MessageMapper.ToMessage(record);

        Assert.Equal((record.EventId, record.CustomerId, record.Version), (message.EventId, message.CustomerId, message.Version));
        Assert.Equal(record.ChangedFields, message.ChangedFields);
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 23, 59, 59, 123, TimeSpan.Zero), message.Profile.AcquisitionTs);
        Assert.Equal(TimeSpan.Zero, message.ChangedAt.Offset);
        Assert.Equal(record.ChangedAt, message.ChangedAt.UtcDateTime);
        Assert.Equal(record.Profile.Identifiers, message.Profile.Identifiers);
        Assert.Equal((record.Profile.LifetimeValue, record.Profile.RefundedAmount, record.Profile.TotalTransactions), (message.Profile.LifetimeValue, message.Profile.RefundedAmount, message.Profile.TotalTransactions));
        Assert.Equal((record.Profile.Email, record.Profile.LastName, record.Profile.Phone), (message.Profile.Email, message.Profile.LastName, message.Profile.Phone));
    }

    [Fact]
    public void A_merge_maps_every_field()
    {
        var at = new DateTime(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        var message = MessageMapper.ToMessage(new Contract.CustomerMerged
        {
            EventId = "merge-7-c360_b", SurvivorId = "c360_a", MergedId = "c360_b", Version = 7, MergedAt = at,
            Reason = "shared identifier email:ann@example.com", LinkingIdentifier = "email:ann@example.com",
            SurvivorAcquisitionTs = at.AddDays(-2), MergedAcquisitionTs = null,
        });

        Assert.Equal(("merge-7-c360_b", "c360_a", "c360_b", 7L), (message.EventId, message.SurvivorId, message.MergedId, message.Version));
        Assert.Equal((new DateTimeOffset(at), new DateTimeOffset(at.AddDays(-2)), (DateTimeOffset?)null), (message.MergedAt, message.SurvivorAcquisitionTs, message.MergedAcquisitionTs));
        Assert.Equal(("shared identifier email:ann@example.com", "email:ann@example.com"), (message.Reason, message.LinkingIdentifier));
    }

    [Fact]
    public void An_erasure_maps_every_field()
    {
        var at = new DateTime(2026, 12, 6, 8, 0, 0, DateTimeKind.Unspecified);
        var message = MessageMapper.ToMessage(new Contract.CustomerErased
        {
            EventId = "erasure-9-c360_a", CustomerId = "c360_a", ErasureId = "era_1", Version = 9, ErasedAt = at, ErasedIds = ["c360_a", "c360_b"],
        });

        Assert.Equal(("erasure-9-c360_a", "c360_a", "era_1", 9L), (message.EventId, message.CustomerId, message.ErasureId, message.Version));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero), message.ErasedAt);
        Assert.Equal(["c360_a", "c360_b"], message.ErasedIds);
    }

    [Fact]
    public void Every_delivery_of_an_event_carries_the_same_message_id_and_different_events_different_ones()
    {
        var ids = Enumerable.Range(0, 10_000).Select(i => MessageIds.For(Topics.CustomerProfileChanged, $"c360_x:{i}")).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids[42], MessageIds.For(Topics.CustomerProfileChanged, "c360_x:42"));
        Assert.NotEqual(MessageIds.For(Topics.CustomerProfileChanged, "e"), MessageIds.For(Topics.CustomerMerged, "e"));
        Assert.Equal(8, ids[0].Version);
    }

    private static string Pascal(string snake) =>
        string.Concat(snake.Split('_').Select(part => char.ToUpper(part[0], CultureInfo.InvariantCulture) + part[1..]));
}
