namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>Avro's temporal logical types as .NET values. Instants are UTC; local-timestamp keeps the wall clock.</summary>
internal static class Temporal
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    /// <summary>DateTime values of kind Unspecified are taken to be UTC already (the platform stores everything in UTC).</summary>
    public static long ToUnixMillis(DateTime value) =>
        FloorDiv(Utc(value).Ticks - DateTime.UnixEpoch.Ticks, TimeSpan.TicksPerMillisecond);

    public static long ToUnixMicros(DateTime value) =>
        FloorDiv(Utc(value).Ticks - DateTime.UnixEpoch.Ticks, TicksPerMicrosecond);

    public static long ToUnixMillis(DateTimeOffset value) => ToUnixMillis(value.UtcDateTime);

    public static long ToUnixMicros(DateTimeOffset value) => ToUnixMicros(value.UtcDateTime);

    public static DateTime FromUnixMillis(long value) =>
        new(checked(DateTime.UnixEpoch.Ticks + (value * TimeSpan.TicksPerMillisecond)), DateTimeKind.Utc);

    public static DateTime FromUnixMicros(long value) =>
        new(checked(DateTime.UnixEpoch.Ticks + (value * TicksPerMicrosecond)), DateTimeKind.Utc);

    public static long ToLocalMillis(DateTime value) =>
        FloorDiv(value.Ticks - DateTime.UnixEpoch.Ticks, TimeSpan.TicksPerMillisecond);

    public static long ToLocalMicros(DateTime value) =>
        FloorDiv(value.Ticks - DateTime.UnixEpoch.Ticks, TicksPerMicrosecond);

    public static DateTime FromLocalMillis(long value) =>
        new(checked(DateTime.UnixEpoch.Ticks + (value * TimeSpan.TicksPerMillisecond)), DateTimeKind.Unspecified);

    public static DateTime FromLocalMicros(long value) =>
        new(checked(DateTime.UnixEpoch.Ticks + (value * TicksPerMicrosecond)), DateTimeKind.Unspecified);

    public static int ToEpochDays(DateOnly value) => value.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    public static DateOnly FromEpochDays(int value) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + value);

    public static int ToTimeMillis(TimeOnly value) => (int)(value.Ticks / TimeSpan.TicksPerMillisecond);

    public static long ToTimeMicros(TimeOnly value) => value.Ticks / TicksPerMicrosecond;

    public static TimeOnly FromTimeMillis(int value) => new(value * TimeSpan.TicksPerMillisecond);

    public static TimeOnly FromTimeMicros(long value) => new(value * TicksPerMicrosecond);

    private static DateTime Utc(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}
