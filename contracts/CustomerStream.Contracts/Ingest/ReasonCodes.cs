namespace CustomerStream.Contracts.Ingest;

/// <summary>
/// The stable machine codes of rejected records (<see cref="RejectedRecord.ReasonCode"/>). Users
/// filter and count by them; add codes, never rename one.
/// </summary>
public static class ReasonCodes
{
    /// <summary>A required field is absent or empty.</summary>
    public const string MissingField = "missing_field";

    /// <summary>A timestamp is in none of the accepted formats, or out of range.</summary>
    public const string BadTimestamp = "bad_timestamp";

    /// <summary>An amount is not a finite decimal number, or out of range.</summary>
    public const string BadAmount = "bad_amount";

    /// <summary>A quantity or other number is not a valid integer.</summary>
    public const string BadNumber = "bad_number";

    /// <summary>A boolean flag is none of true/false/1/0/yes/no.</summary>
    public const string BadBoolean = "bad_boolean";

    /// <summary>A status (or type) is outside the field's vocabulary.</summary>
    public const string UnknownStatus = "unknown_status";

    /// <summary>A currency is not a three-letter ISO 4217 code.</summary>
    public const string BadCurrency = "bad_currency";

    /// <summary>A line of NDJSON (or an HTTP array element) is not valid JSON.</summary>
    public const string MalformedJson = "malformed_json";

    /// <summary>Valid JSON that is not an object where a record object is expected.</summary>
    public const string NotAnObject = "not_an_object";

    /// <summary>A JSON field has the wrong type (e.g. a number where text is expected).</summary>
    public const string BadFieldType = "bad_field_type";

    /// <summary>A CSV row that cannot be parsed (broken quoting, wrong number of columns).</summary>
    public const string BadCsvRow = "bad_csv_row";

    /// <summary>The input bytes are not valid UTF-8.</summary>
    public const string InvalidEncoding = "invalid_encoding";

    /// <summary>A field is longer than the accepted maximum.</summary>
    public const string FieldTooLong = "field_too_long";

    /// <summary>A source system name is reserved (<c>email</c>, <c>device</c>, <c>cookie</c>) or malformed.</summary>
    public const string BadSourceSystem = "bad_source_system";

    /// <summary>An order carries neither a source customer id nor a valid e-mail, so it belongs to nobody.</summary>
    public const string UnlinkableOrder = "unlinkable_order";

    /// <summary>A web event carries no user id, e-mail, device id or cookie id, so it belongs to nobody.</summary>
    public const string UnlinkableEvent = "unlinkable_event";

    /// <summary>A logged-in web event (user id) without the system the user id belongs to.</summary>
    public const string MissingUserSource = "missing_user_source";

    /// <summary>An event type that is not a lower_snake name.</summary>
    public const string BadEventType = "bad_event_type";

    /// <summary>All codes, for documentation and validation.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        MissingField, BadTimestamp, BadAmount, BadNumber, BadBoolean, UnknownStatus, BadCurrency, MalformedJson,
        NotAnObject, BadFieldType, BadCsvRow, InvalidEncoding, FieldTooLong, BadSourceSystem, UnlinkableOrder,
        UnlinkableEvent, MissingUserSource, BadEventType,
    ];
}
