using System.Text;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Generation;

/// <summary>
/// The genuinely bad lines of the sample, one per kind, each with the reason code ingest must reject it
/// with. They use identifiers of their own, so rejecting them changes no customer.
/// </summary>
internal static class BadRows
{
    private static readonly Func<int, (SampleFile File, string Line, string Reason)>[] Kinds =
    [
        u => (SampleFiles.CustomersShop, $"shop,,bad{u}@example.com,Ann,Smith,+1 555 0100,US,Boston,2024-01-10T10:00:00Z,,active,", ReasonCodes.MissingField),
        u => (SampleFiles.CustomersShop, $"shop,u-bad-{u},bad{u}@example.com,Ann,Smith,+1 555 0100,US,Boston,2024-01-10T10:00:00Z,,banned,", ReasonCodes.UnknownStatus),
        u => (SampleFiles.CustomersCrm, $"Cbad{u},crm,active,Ann,Smith,bad{u}@example.com,+1 555 0100,Boston,US,31/12/2023,,,", ReasonCodes.BadTimestamp),
        u => (SampleFiles.CustomersCrm, $"Cbad{u},crm,active,Ann,Smith,bad{u}@example.com,+1 555 0100,Boston,US,12/31/2023,,maybe,", ReasonCodes.BadBoolean),
        u => (SampleFiles.CustomersShop, $"email,u-bad-{u},bad{u}@example.com,Ann,Smith,+1 555 0100,US,Boston,2024-01-10T10:00:00Z,,active,", ReasonCodes.BadSourceSystem),
        u => (SampleFiles.CustomersShop, $"shop,u-bad-{u},bad{u}@example.com,Ann \"The\" Smith,Smith,+1 555 0100,US,Boston,2024-01-10T10:00:00Z,,active,", ReasonCodes.BadCsvRow),
        u => (SampleFiles.CustomersCrm, $"Cbad{u},crm,active,Ann,Smith,bad{u}@example.com,Boston,US,12/31/2023", ReasonCodes.BadCsvRow),
        u => (SampleFiles.OrdersShop, $"shop,SO-bad-{u},u-bad,,2024-03-05T10:00:00Z,,approved,\"12,50\",EUR,online,shoes,p-1,1", ReasonCodes.BadAmount),
        u => (SampleFiles.OrdersShop, $"shop,SO-bad-{u},u-bad,,2024-03-05T10:00:00Z,,approved,NaN,EUR,online,shoes,p-1,1", ReasonCodes.BadAmount),
        u => (SampleFiles.OrdersShop, $"shop,SO-bad-{u},u-bad,,2024-03-05T10:00:00Z,,approved,19.99,EURO,online,shoes,p-1,1", ReasonCodes.BadCurrency),
        u => (SampleFiles.OrdersCrm, $"CO-bad-{u},crm,Cbad,,03/05/2024 10:00,,shipped,19.99,USD,,shoes,p-1,1", ReasonCodes.UnknownStatus),
        u => (SampleFiles.OrdersShop, $"shop,SO-bad-{u},u-bad,,2024-02-30T10:00:00Z,,approved,19.99,EUR,online,shoes,p-1,1", ReasonCodes.BadTimestamp),
        u => (SampleFiles.OrdersCrm, $"CO-bad-{u},crm,Cbad,,03/05/2024 10:00,,approved,19.99,USD,,shoes,p-1,two", ReasonCodes.BadNumber),
        u => (SampleFiles.OrdersShop, $"shop,SO-bad-{u},,guest{u}@@example.com,2024-03-05T10:00:00Z,,approved,19.99,EUR,online,shoes,p-1,1", ReasonCodes.UnlinkableOrder),
        u => (SampleFiles.OrdersShop, $"shop,,u-bad,,2024-03-05T10:00:00Z,,approved,19.99,EUR,online,shoes,p-1,1", ReasonCodes.MissingField),
        u => (SampleFiles.WebEventsSite, $$"""{"event_id":"ev-bad-{{u}}","ts":1709649000000,"type":"page_view","device_id":"d-bad""", ReasonCodes.MalformedJson),
        u => (SampleFiles.WebEventsSite, "[\"page_view\",1709649000000]", ReasonCodes.NotAnObject),
        u => (SampleFiles.WebEventsSite, $$"""{"event_id":"ev-bad-{{u}}","ts":true,"type":"page_view","device_id":"d-bad"}""", ReasonCodes.BadFieldType),
        u => (SampleFiles.WebEventsSite, $$"""{"event_id":"ev-bad-{{u}}","ts":1709649000000,"type":"Page View","device_id":"d-bad"}""", ReasonCodes.BadEventType),
        u => (SampleFiles.WebEventsSite, $$"""{"event_id":"ev-bad-{{u}}","ts":1709649000000,"type":"login","user_id":"u-bad","device_id":"d-bad"}""", ReasonCodes.MissingUserSource),
        u => (SampleFiles.WebEventsSite, $$"""{"event_id":"ev-bad-{{u}}","ts":1709649000000,"type":"page_view","url":"https://shop.example.com/"}""", ReasonCodes.UnlinkableEvent),
        u => (SampleFiles.WebEventsApp, $$"""{"ts":1709649000000,"type":"page_view","device_id":"d-bad","source_system":"app"}""", ReasonCodes.MissingField),
        u => (SampleFiles.WebEventsApp, $$"""{"event_id":"ev-bad-{{u}}","ts":1709649000000,"type":"page_view","device_id":"d-bad","url":"https://shop.example.com/?q={{new string('x', 70 * 1024)}}"}""", ReasonCodes.FieldTooLong),
    ];

    /// <summary>Kinds of bad lines, plus one of invalid UTF-8 per entity file kind.</summary>
    public static int KindCount => Kinds.Length + 2;

    public static BadRow Make(int kind, int unitIndex, SampleRandom random)
    {
        if (kind == Kinds.Length)
        {
            // A name in Latin-1 where UTF-8 is expected, as legacy exports do.
            var prefix = Encoding.UTF8.GetBytes($"shop,u-bad-{unitIndex},bad{unitIndex}@example.com,Ren");
            var suffix = Encoding.UTF8.GetBytes(",Dubois,+33 1 2345,FR,Paris,2024-01-10T10:00:00Z,,active,");
            return new BadRow(SampleFiles.CustomersShop, [.. prefix, 0xE9, .. suffix], ReasonCodes.InvalidEncoding);
        }

        if (kind == Kinds.Length + 1)
        {
            var prefix = Encoding.UTF8.GetBytes($$"""{"event_id":"ev-bad-{{unitIndex}}","ts":1709649000000,"type":"page_view","device_id":"d-""");
            return new BadRow(SampleFiles.WebEventsSite, [.. prefix, 0xFF, 0xFE, .. "\"}"u8], ReasonCodes.InvalidEncoding);
        }

        var (file, line, reason) = Kinds[kind](unitIndex);
        return new BadRow(file, Encoding.UTF8.GetBytes(line), reason);
    }
}
