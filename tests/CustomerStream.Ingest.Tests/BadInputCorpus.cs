using System.Text;
using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Normalization;

namespace CustomerStream.Ingest.Tests;

/// <summary>
/// One kind of input per entry: a data row (CSV, under <see cref="Header"/>) or an NDJSON line, and
/// the reason code it must be rejected with (null: it must be accepted).
/// </summary>
public sealed record CorpusCase(string Kind, IngestEntity Entity, byte[] Row, string? ExpectedReason)
{
    public override string ToString() => Kind;
}

public static class BadInputCorpus
{
    public const string CustomerHeader = "source_system,source_customer_id,email,first_name,last_name,phone,country,city,created_at,updated_at,status,is_test";
    public const string OrderHeader = "source_system,order_id,source_customer_id,customer_email,order_ts,updated_at,status,amount,currency,business_unit,category,product_id,quantity";

    public const string GoodCustomer = "crm,C1,ann@example.com,Ann,Smith,555-0100,US,New York,01/10/2023,01/12/2023,active,no";
    public const string GoodOrder = "shop,o-1,u-77,ann@example.com,2024-03-05T14:30:00+01:00,,approved,129.90,EUR,,shoes,p-9,1";
    public const string GoodEvent = """{"event_id":"e-1","ts":1709649000123,"type":"page_view","device_id":"d-1","cookie_id":"k-1","session_id":"s-1","url":"https://shop.example.com/"}""";

    private static readonly string Huge = new('x', 70 * 1024);

    public static string Header(IngestEntity entity) => entity switch
    {
        IngestEntity.Customers => CustomerHeader,
        IngestEntity.Orders => OrderHeader,
        _ => "",
    };

    public static IReadOnlyList<CorpusCase> All { get; } =
    [
        // customers.csv
        C("customer: good row", GoodCustomer, null),
        C("customer: missing customer id", "crm,,ann@example.com,Ann,Smith,555,US,NYC,01/10/2023,,active,no", ReasonCodes.MissingField),
        C("customer: empty status", "crm,C2,ann@example.com,Ann,Smith,555,US,NYC,01/10/2023,,,no", ReasonCodes.MissingField),
        C("customer: unknown status", "crm,C3,ann@example.com,Ann,Smith,555,US,NYC,01/10/2023,,banned,no", ReasonCodes.UnknownStatus),
        C("customer: impossible date", "shop,C4,ann@example.com,Ann,Smith,555,DE,Berlin,2023-02-30,,active,", ReasonCodes.BadTimestamp),
        C("customer: no created_at nor updated_at", "shop,C5,ann@example.com,Ann,Smith,555,DE,Berlin,,,active,", ReasonCodes.MissingField),
        C("customer: bad is_test flag", "shop,C6,ann@example.com,Ann,Smith,555,DE,Berlin,2023-01-10,,active,maybe", ReasonCodes.BadBoolean),
        C("customer: reserved source system", "email,C7,ann@example.com,Ann,Smith,555,DE,Berlin,2023-01-10,,active,", ReasonCodes.BadSourceSystem),
        C("customer: source system with a space", "my crm,C8,ann@example.com,Ann,Smith,555,DE,Berlin,2023-01-10,,active,", ReasonCodes.BadSourceSystem),
        C("customer: no source system", ",C9,ann@example.com,Ann,Smith,555,DE,Berlin,2023-01-10,,active,", ReasonCodes.MissingField),
        C("customer: slash date from a non-US source", "shop,C10,ann@example.com,Ann,Smith,555,DE,Berlin,01/10/2023,,active,", ReasonCodes.BadTimestamp),
        C("customer: quote inside an unquoted field", "shop,C11,ann\"x@example.com,Ann,Smith,555,DE,Berlin,2023-01-10,,active,", ReasonCodes.BadCsvRow),
        C("customer: text after a closing quote", "shop,C12,\"ann@example.com\"x,Ann,Smith,555,DE,Berlin,2023-01-10,,active,", ReasonCodes.BadCsvRow),
        C("customer: too few columns", "shop,C13,ann@example.com,Ann,Smith,555,DE,Berlin,2023-01-10,,active", ReasonCodes.BadCsvRow),
        C("customer: too many columns", "shop,C14,ann@example.com,Ann,Smith,555,DE,Berlin,2023-01-10,,active,,extra", ReasonCodes.BadCsvRow),
        new("customer: invalid UTF-8 byte", IngestEntity.Customers, Concat("shop,C15,ann@example.com,An", [0xFF], "n,Smith,555,DE,Berlin,2023-01-10,,active,"), ReasonCodes.InvalidEncoding),
        new("customer: truncated UTF-8 sequence", IngestEntity.Customers, Concat("shop,C16,ann@example.com,J", [0xC3], ",Smith,555,DE,Berlin,2023-01-10,,active,"), ReasonCodes.InvalidEncoding),
        C("customer: huge field", $"shop,C17,ann@example.com,{Huge},Smith,555,DE,Berlin,2023-01-10,,active,", ReasonCodes.FieldTooLong),
        C("customer: SQL-looking text is data", "shop,C18,bobby@example.com,Robert,\"'); DROP TABLE x;--\",555,DE,Berlin,2023-01-10,,active,", null),
        C("customer: malformed email is kept, not rejected", "shop,C19,ann@,Ann,Smith,555,DE,Berlin,2023-01-10,,active,", null),
        C("customer: quoted field with comma, quote and line feed", "shop,C20,ann@example.com,\"Ann, \"\"Annie\"\"\",Smith,555,DE,\"Berlin\nMitte\",2023-01-10,,active,", null),

        // orders.csv
        O("order: good row", GoodOrder, null),
        O("order: guest checkout with e-mail", "shop,o-2,,guest@example.com,2024-03-05T14:30:00Z,,approved,10,EUR,,,,", null),
        O("order: non-numeric amount", "shop,o-3,u-77,,2024-03-05T14:30:00Z,,approved,abc,EUR,,,,", ReasonCodes.BadAmount),
        O("order: NaN amount", "shop,o-4,u-77,,2024-03-05T14:30:00Z,,approved,NaN,EUR,,,,", ReasonCodes.BadAmount),
        O("order: infinite amount", "shop,o-5,u-77,,2024-03-05T14:30:00Z,,approved,Infinity,EUR,,,,", ReasonCodes.BadAmount),
        O("order: thousands separator", "shop,o-6,u-77,,2024-03-05T14:30:00Z,,approved,\"1,234.50\",EUR,,,,", ReasonCodes.BadAmount),
        O("order: amount beyond decimal(18,4)", "shop,o-7,u-77,,2024-03-05T14:30:00Z,,approved,12345678901234567890,EUR,,,,", ReasonCodes.BadAmount),
        O("order: negative amount", "shop,o-8,u-77,,2024-03-05T14:30:00Z,,approved,-5,EUR,,,,", ReasonCodes.BadAmount),
        O("order: empty amount", "shop,o-9,u-77,,2024-03-05T14:30:00Z,,approved,,EUR,,,,", ReasonCodes.MissingField),
        O("order: unknown currency", "shop,o-10,u-77,,2024-03-05T14:30:00Z,,approved,10,EURO,,,,", ReasonCodes.BadCurrency),
        O("order: unknown status", "shop,o-11,u-77,,2024-03-05T14:30:00Z,,shipped,10,EUR,,,,", ReasonCodes.UnknownStatus),
        O("order: timestamp in words", "shop,o-12,u-77,,yesterday,,approved,10,EUR,,,,", ReasonCodes.BadTimestamp),
        O("order: compact date is not an epoch", "shop,o-13,u-77,,20240305,,approved,10,EUR,,,,", ReasonCodes.BadTimestamp),
        O("order: offset out of range", "shop,o-14,u-77,,2024-03-05T10:00:00+25:00,,approved,10,EUR,,,,", ReasonCodes.BadTimestamp),
        O("order: month 13 in updated_at", "shop,o-15,u-77,,2024-03-05T10:00:00Z,2024-13-01,approved,10,EUR,,,,", ReasonCodes.BadTimestamp),
        O("order: time of day out of range", "shop,o-16,u-77,,2024-03-05T24:30:00Z,,approved,10,EUR,,,,", ReasonCodes.BadTimestamp),
        O("order: year out of range", "shop,o-17,u-77,,1066-10-14,,approved,10,EUR,,,,", ReasonCodes.BadTimestamp),
        O("order: quantity in words", "shop,o-18,u-77,,2024-03-05T10:00:00Z,,approved,10,EUR,,,,two", ReasonCodes.BadNumber),
        O("order: negative quantity", "shop,o-19,u-77,,2024-03-05T10:00:00Z,,approved,10,EUR,,,,-1", ReasonCodes.BadNumber),
        O("order: neither customer id nor e-mail", "shop,o-20,,,2024-03-05T10:00:00Z,,approved,10,EUR,,,,", ReasonCodes.UnlinkableOrder),
        O("order: guest with malformed e-mail", "shop,o-21,,guest@@example.com,2024-03-05T10:00:00Z,,approved,10,EUR,,,,", ReasonCodes.UnlinkableOrder),
        O("order: missing order id", "shop,,u-77,,2024-03-05T10:00:00Z,,approved,10,EUR,,,,", ReasonCodes.MissingField),
        O("order: empty line of commas", ",,,,,,,,,,,,", ReasonCodes.MissingField),

        // web_events.ndjson
        W("event: good line", GoodEvent, null),
        W("event: truncated JSON", """{"event_id":"e-2","ts":""", ReasonCodes.MalformedJson),
        W("event: not JSON at all", "hello world", ReasonCodes.MalformedJson),
        W("event: single quotes", "{'event_id':'e-3'}", ReasonCodes.MalformedJson),
        W("event: comment in JSON", """{/* c */"event_id":"e-4","ts":1709649000,"type":"click","device_id":"d"}""", ReasonCodes.MalformedJson),
        W("event: trailing garbage", GoodEvent + " x", ReasonCodes.MalformedJson),
        W("event: two objects on one line", GoodEvent + GoodEvent, ReasonCodes.MalformedJson),
        W("event: array", "[1,2,3]", ReasonCodes.NotAnObject),
        W("event: string", "\"page_view\"", ReasonCodes.NotAnObject),
        W("event: number", "42", ReasonCodes.NotAnObject),
        W("event: null", "null", ReasonCodes.NotAnObject),
        W("event: boolean timestamp", """{"event_id":"e-5","ts":true,"type":"click","device_id":"d"}""", ReasonCodes.BadFieldType),
        W("event: object as id", """{"event_id":{"id":1},"ts":1709649000,"type":"click","device_id":"d"}""", ReasonCodes.BadFieldType),
        W("event: properties not an object", """{"event_id":"e-6","ts":1709649000,"type":"click","device_id":"d","properties":"x"}""", ReasonCodes.BadFieldType),
        W("event: type with a space", """{"event_id":"e-7","ts":1709649000,"type":"Page View","device_id":"d"}""", ReasonCodes.BadEventType),
        W("event: missing timestamp", """{"event_id":"e-8","type":"click","device_id":"d"}""", ReasonCodes.MissingField),
        W("event: slash date without US configuration", """{"event_id":"e-9","ts":"2024/03/05","type":"click","device_id":"d"}""", ReasonCodes.BadTimestamp),
        W("event: user without user source", """{"event_id":"e-10","ts":1709649000,"type":"login","user_id":"u-1","device_id":"d"}""", ReasonCodes.MissingUserSource),
        W("event: no identifier at all", """{"event_id":"e-11","ts":1709649000,"type":"page_view","email":"not-an-email"}""", ReasonCodes.UnlinkableEvent),
        W("event: reserved user source", """{"event_id":"e-12","ts":1709649000,"type":"login","user_id":"u-1","user_source":"email"}""", ReasonCodes.BadSourceSystem),
        new("event: invalid UTF-8", IngestEntity.WebEvents, Concat("""{"event_id":"e-13","ts":1709649000,"type":"click","device_id":"d""", [0xFE, 0xFF], "\"}"), ReasonCodes.InvalidEncoding),
        W("event: huge field", $$"""{"event_id":"e-14","ts":1709649000,"type":"click","device_id":"d","url":"{{Huge}}"}""", ReasonCodes.FieldTooLong),
        W("event: SQL-looking text is data", """{"event_id":"e-15","ts":"2024-03-05T14:30:00Z","type":"page_view","cookie_id":"k","url":"/search?q=');DROP TABLE x;--","properties":{"q":"1 OR 1=1","n":2,"nested":{"a":[1]}}}""", null),
    ];

    public static TheoryData<CorpusCase> Cases()
    {
        var data = new TheoryData<CorpusCase>();
        foreach (var c in All)
        {
            data.Add(c);
        }

        return data;
    }

    /// <summary>The whole input of one case: the header (CSV) and the row.</summary>
    public static byte[] FileOf(CorpusCase c) => c.Entity == IngestEntity.WebEvents
        ? [.. c.Row, (byte)'\n']
        : [.. Encoding.UTF8.GetBytes(Header(c.Entity) + "\n"), .. c.Row, (byte)'\n'];

    private static CorpusCase C(string kind, string row, string? reason) => new(kind, IngestEntity.Customers, Encoding.UTF8.GetBytes(row), reason);

    private static CorpusCase O(string kind, string row, string? reason) => new(kind, IngestEntity.Orders, Encoding.UTF8.GetBytes(row), reason);

    private static CorpusCase W(string kind, string line, string? reason) => new(kind, IngestEntity.WebEvents, Encoding.UTF8.GetBytes(line), reason);

    private static byte[] Concat(string before, byte[] bytes, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. bytes, .. Encoding.UTF8.GetBytes(after)];
}
