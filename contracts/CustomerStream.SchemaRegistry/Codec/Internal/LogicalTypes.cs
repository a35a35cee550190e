using System.Globalization;
using Avro;

namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>The logical types the codec maps to .NET types, and their schema parameters.</summary>
internal static class LogicalTypes
{
    public const string Decimal = "decimal";
    public const string TimestampMillis = "timestamp-millis";
    public const string TimestampMicros = "timestamp-micros";
    public const string LocalTimestampMillis = "local-timestamp-millis";
    public const string LocalTimestampMicros = "local-timestamp-micros";
    public const string Date = "date";
    public const string TimeMillis = "time-millis";
    public const string TimeMicros = "time-micros";
    public const string Uuid = "uuid";

    public static (int Precision, int Scale) DecimalParameters(LogicalSchema schema) =>
        (IntProperty(schema, "precision") ?? 0, IntProperty(schema, "scale") ?? 0);

    public static bool IsTemporalLong(string? name) =>
        name is TimestampMillis or TimestampMicros or LocalTimestampMillis or LocalTimestampMicros;

    private static int? IntProperty(Schema schema, string name) =>
        schema.GetProperty(name) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
