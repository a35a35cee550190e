using System.Reflection;
using System.Text.Json;
using Avro.Reflect;
using CustomerStream.Aggregator.Domain;
using CustomerStream.Contracts;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;

namespace CustomerStream.Aggregator.Tests;

/// <summary>
/// <c>customer.profile-changed.v1</c>'s profile is the summary's profile part, compared and copied field by field in
/// <see cref="ProfileFields"/>. Every field of the profile schema (the <c>.avsc</c>, the source of truth) must be
/// reported when it alone changes, and copied into the profile: a field added to the schema and not to the code fails
/// here by name instead of travelling as its default.
/// </summary>
public sealed class ProfileFieldsContractTests
{
    public static TheoryData<string> Fields() => new(ContractSchemas.For<CustomerProfile>().Fields.Select(f => f.Name));

    [Theory]
    [MemberData(nameof(Fields))]
    public void A_change_of_one_profile_field_alone_is_reported_and_copied_into_the_profile(string field)
    {
        var before = Summary(second: false);
        var after = Summary(second: false);
        var property = PropertyOf(typeof(CustomerSummary), field);
        property.SetValue(after, Value(property.PropertyType, second: true));

        Assert.Equal([field], ProfileFields.Changed(before, after));
        Assert.Equal(
            JsonSerializer.Serialize(property.GetValue(after)),
            JsonSerializer.Serialize(PropertyOf(typeof(CustomerProfile), field).GetValue(ProfileFields.ProfileOf(after))));
    }

    [Fact]
    public void Equal_summaries_report_no_change()
    {
        Assert.Empty(ProfileFields.Changed(Summary(second: false), Summary(second: false)));
    }

    private static CustomerSummary Summary(bool second)
    {
        var summary = new CustomerSummary();
        foreach (var property in typeof(CustomerSummary).GetProperties().Where(p => p.CanWrite))
        {
            property.SetValue(summary, Value(property.PropertyType, second));
        }

        return summary;
    }

    private static object Value(Type type, bool second) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => second ? "b" : "a",
        var t when t == typeof(DateTime) => new DateTime(2024, second ? 2 : 1, 1, 0, 0, 0, DateTimeKind.Utc),
        var t when t == typeof(decimal) => second ? 2m : 1m,
        var t when t == typeof(long) => second ? 2L : 1L,
        var t when t == typeof(VisibilityStatus) => second ? VisibilityStatus.TEST : VisibilityStatus.VISIBLE,
        var t when t == typeof(List<string>) => new List<string> { second ? "b" : "a" },
        var t => throw new NotSupportedException($"Give {t.Name} two values here to test the fields of that type."),
    };

    private static PropertyInfo PropertyOf(Type type, string field) =>
        type.GetProperties().SingleOrDefault(p => p.GetCustomAttribute<AvroFieldAttribute>()?.FieldName == field)
        ?? throw new InvalidOperationException($"{type.Name} has no property for the profile field {field}");
}
