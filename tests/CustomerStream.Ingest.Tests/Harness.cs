using System.Text;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;
using CustomerStream.Ingest.Reading;

namespace CustomerStream.Ingest.Tests;

/// <summary>Reads input text the way ingest does (reader, then normalizer) without Kafka.</summary>
public static class Harness
{
    public static readonly DateTime Now = new(2025, 1, 15, 12, 0, 0, DateTimeKind.Utc);

    public static SourceProfiles Profiles { get; } = new(new Dictionary<string, SourceOptions>
    {
        ["crm"] = new() { UsDates = true, TimeZone = "America/New_York" },
        ["shop"] = new() { TimeZone = "Europe/Berlin" },
        ["app"] = new() { DefaultUserSource = "shop" },
    });

    public static async Task<List<SourceRow>> ReadAsync(IngestEntity entity, byte[] input, InputLimits? limits = null, string name = "input")
    {
        using IRowReader reader = entity == IngestEntity.WebEvents
            ? new NdjsonRowReader(new MemoryStream(input), FieldSet.For(entity), name, limits)
            : new CsvRowReader(new MemoryStream(input), FieldSet.For(entity), name, limits);
        var rows = new List<SourceRow>();
        while (await reader.ReadAsync(CancellationToken.None) is { } row)
        {
            rows.Add(row);
        }

        return rows;
    }

    public static Task<List<SourceRow>> ReadAsync(IngestEntity entity, string input, InputLimits? limits = null) =>
        ReadAsync(entity, Encoding.UTF8.GetBytes(input), limits);

    /// <summary>Every record of the input as its outcome: (input ref, accepted record or null, rejection or null).</summary>
    public static async Task<List<Outcome>> ProcessAsync(IngestEntity entity, byte[] input, string? defaultSource = null, InputLimits? limits = null)
    {
        var rows = await ReadAsync(entity, input, limits);
        return rows.Select(row => Process(entity, row, defaultSource)).ToList();
    }

    public static Task<List<Outcome>> ProcessAsync(IngestEntity entity, string input, string? defaultSource = null, InputLimits? limits = null) =>
        ProcessAsync(entity, Encoding.UTF8.GetBytes(input), defaultSource, limits);

    public static Outcome Process(IngestEntity entity, SourceRow row, string? defaultSource = null)
    {
        switch (entity)
        {
            case IngestEntity.Customers:
                var c = new RowProcessor<CustomerRecord>(new CustomerNormalizer(Profiles)).Process(row, Now, defaultSource);
                return new Outcome(row.InputRef, c.Record, c.Key, c.Rejected);
            case IngestEntity.Orders:
                var o = new RowProcessor<OrderRecord>(new OrderNormalizer(Profiles)).Process(row, Now, defaultSource);
                return new Outcome(row.InputRef, o.Record, o.Key, o.Rejected);
            default:
                var w = new RowProcessor<WebEvent>(new WebEventNormalizer(Profiles)).Process(row, Now, defaultSource);
                return new Outcome(row.InputRef, w.Record, w.Key, w.Rejected);
        }
    }

    /// <summary>Normalizes one record given as field name → text.</summary>
    public static Outcome Record(IngestEntity entity, IReadOnlyDictionary<string, string?> fields, string? defaultSource = null)
    {
        var set = FieldSet.For(entity);
        var values = new RawValue[set.Count];
        foreach (var (name, text) in fields)
        {
            values[set.IndexOf(name)] = RawValue.Of(text);
        }

        return Process(entity, new SourceRow { InputRef = "test:1", Raw = string.Join(",", fields.Values), Fields = values }, defaultSource);
    }

    public sealed record Outcome(string InputRef, object? Record, string? Key, RejectedRecord? Rejected)
    {
        public string? ReasonCode => Rejected?.ReasonCode;

        public T As<T>() => Record is T t ? t : throw new Xunit.Sdk.XunitException($"{InputRef} was rejected: {Rejected?.ReasonCode} {Rejected?.Reason}");

        public override string ToString() => Rejected is null ? $"{InputRef}: accepted" : $"{InputRef}: {Rejected.ReasonCode} ({Rejected.Reason})";
    }
}
