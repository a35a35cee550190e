using System.Runtime.CompilerServices;

namespace CustomerStream.Ingest.Normalization;

/// <summary>
/// Reads the timestamp formats of the input (services/Ingest/README.md) into UTC, truncated to milliseconds (the precision of the
/// Avro <c>timestamp-millis</c> fields, so that what is hashed is what is published):
/// <list type="bullet">
/// <item>ISO-8601 with offset: <c>2024-03-05T14:30:00Z</c>, <c>…+01:00</c>, <c>…+0100</c>, <c>…+01</c>; <c>T</c> or a space between date and time; seconds and up to 9 fraction digits optional.</item>
/// <item>ISO-8601 without offset, and <c>yyyy-MM-dd</c>: read in the source's time zone (midnight for a date).</item>
/// <item><c>MM/dd/yyyy</c> (month and day may have one digit), optionally followed by <c>H:mm[:ss]</c> and <c>AM</c>/<c>PM</c>: only for sources configured as US; other sources get a rejection, because <c>03/04/2024</c> is ambiguous.</item>
/// <item><c>dd.MM.yyyy</c>, optionally followed by <c>HH:mm[:ss]</c>.</item>
/// <item>Unix epoch as 9 to 13 digits: below 10^11 seconds (optionally with a fraction), otherwise milliseconds. Fewer digits are rejected rather than read as a date in 1970 (<c>20240305</c> is not an epoch).</item>
/// </list>
/// Local times that fall into a daylight-saving gap or overlap are read with the zone's standard offset.
/// Accepted instants lie in [1900-01-01, 2200-01-01).
/// </summary>
public static class TimestampParser
{
    private static readonly DateTime MinUtc = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime MaxUtc = new(2200, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says why (without the field name).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> text, SourceProfile profile, out DateTime utc, out string? problem)
    {
        utc = default;
        var s = text.Trim();
        if (s.IsEmpty)
        {
            problem = "is empty";
            return false;
        }

        bool ok;
        if (IsEpoch(s))
        {
            ok = TryEpoch(s, out utc, out problem);
        }
        else if (s.Length >= 10 && IsDigits(s[..4]) && s[4] == '-')
        {
            ok = TryIso(s, profile, out utc, out problem);
        }
        else if (s.IndexOf('/') > 0)
        {
            if (!profile.UsDates)
            {
                problem = "is a slash date, which is accepted only from sources configured as US (MM/dd/yyyy); use yyyy-MM-dd or dd.MM.yyyy";
                return false;
            }

            ok = TryUs(s, profile, out utc, out problem);
        }
        else if (s.IndexOf('.') is 1 or 2)
        {
            ok = TryDotted(s, profile, out utc, out problem);
        }
        else
        {
            problem = "is in none of the accepted formats (ISO-8601, yyyy-MM-dd, MM/dd/yyyy for US sources, dd.MM.yyyy, unix epoch seconds or milliseconds)";
            return false;
        }

        if (!ok)
        {
            return false;
        }

        if (utc < MinUtc || utc >= MaxUtc)
        {
            problem = $"is out of range ({utc:yyyy-MM-dd'T'HH:mm:ss'Z'}; accepted from 1900 to 2199)";
            utc = default;
            return false;
        }

        utc = new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsEpoch(ReadOnlySpan<char> s)
    {
        var dot = s.IndexOf('.');
        var integer = dot < 0 ? s : s[..dot];
        return integer.Length > 0 && IsDigits(integer) && (dot < 0 || (dot < s.Length - 1 && IsDigits(s[(dot + 1)..])));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryEpoch(ReadOnlySpan<char> s, out DateTime utc, out string? problem)
    {
        utc = default;
        var dot = s.IndexOf('.');
        var integer = dot < 0 ? s : s[..dot];
        if (integer.Length < 9)
        {
            problem = "is a number too small for a unix epoch (at least 9 digits expected; compact dates like yyyyMMdd are not accepted)";
            return false;
        }

        if (integer.Length > 13)
        {
            problem = "is a number too large for a unix epoch in seconds or milliseconds";
            return false;
        }

        var value = long.Parse(integer, System.Globalization.CultureInfo.InvariantCulture);
        long ticks;
        if (value < 100_000_000_000L)
        {
            ticks = value * TimeSpan.TicksPerSecond;
            if (dot >= 0)
            {
                var fraction = s[(dot + 1)..];
                var digits = Math.Min(fraction.Length, 7);
                var f = long.Parse(fraction[..digits], System.Globalization.CultureInfo.InvariantCulture);
                for (var i = digits; i < 7; i++)
                {
                    f *= 10;
                }

                ticks += f;
            }
        }
        else
        {
            if (dot >= 0)
            {
                problem = "is an epoch in milliseconds with a fraction";
                return false;
            }

            ticks = value * TimeSpan.TicksPerMillisecond;
        }

        utc = DateTime.UnixEpoch.AddTicks(ticks);
        problem = null;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryIso(ReadOnlySpan<char> s, SourceProfile profile, out DateTime utc, out string? problem)
    {
        utc = default;
        problem = "is not a valid ISO-8601 timestamp (yyyy-MM-dd[THH:mm[:ss[.fff]]][Z|±HH:mm])";
        if (s.Length < 10 || s[7] != '-' || !TryDigits(s.Slice(0, 4), out var year) || !TryDigits(s.Slice(5, 2), out var month)
            || !TryDigits(s.Slice(8, 2), out var day))
        {
            return false;
        }

        if (!ValidDate(year, month, day, ref problem))
        {
            return false;
        }

        var rest = s[10..];
        if (rest.IsEmpty)
        {
            return ToUtc(new DateTime(year, month, day), profile, out utc);
        }

        if (rest[0] is not ('T' or 't' or ' '))
        {
            return false;
        }

        rest = rest[1..];
        if (!TryTime(ref rest, out var time, ref problem))
        {
            return false;
        }

        var local = new DateTime(year, month, day).Add(time);
        if (rest.IsEmpty)
        {
            return ToUtc(local, profile, out utc);
        }

        if (!TryOffset(rest, out var offset))
        {
            problem = "has an unreadable time zone offset (expected Z, ±HH:mm, ±HHmm or ±HH)";
            return false;
        }

        utc = DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        problem = null;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryUs(ReadOnlySpan<char> s, SourceProfile profile, out DateTime utc, out string? problem)
    {
        utc = default;
        problem = "is not a valid US date (MM/dd/yyyy[ H:mm[:ss][ AM|PM]])";
        if (!TryDateParts(s, '/', out var month, out var day, out var year, out var rest) || !ValidDate(year, month, day, ref problem))
        {
            return false;
        }

        var time = TimeSpan.Zero;
        if (!rest.IsEmpty)
        {
            if (!TryTime(ref rest, out time, ref problem))
            {
                return false;
            }

            rest = rest.TrimStart();
            if (!rest.IsEmpty)
            {
                var pm = rest.Equals("PM", StringComparison.OrdinalIgnoreCase);
                if (!pm && !rest.Equals("AM", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                if (time.Hours is < 1 or > 12)
                {
                    problem = "has an hour outside 1-12 before AM/PM";
                    return false;
                }

                var hours = (time.Hours % 12) + (pm ? 12 : 0);
                time = new TimeSpan(0, hours, time.Minutes, time.Seconds).Add(TimeSpan.FromTicks(time.Ticks % TimeSpan.TicksPerSecond));
            }
        }

        return ToUtc(new DateTime(year, month, day).Add(time), profile, out utc);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryDotted(ReadOnlySpan<char> s, SourceProfile profile, out DateTime utc, out string? problem)
    {
        utc = default;
        problem = "is not a valid dd.MM.yyyy date";
        if (!TryDateParts(s, '.', out var day, out var month, out var year, out var rest) || !ValidDate(year, month, day, ref problem))
        {
            return false;
        }

        var time = TimeSpan.Zero;
        if (!rest.IsEmpty && (!TryTime(ref rest, out time, ref problem) || !rest.IsEmpty))
        {
            return false;
        }

        return ToUtc(new DateTime(year, month, day).Add(time), profile, out utc);
    }

    /// <summary>
    /// Splits <c>a{separator}b{separator}yyyy[ rest]</c> (one or two digits for a and b); <paramref name="rest"/>
    /// is what follows the year, leading spaces removed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryDateParts(ReadOnlySpan<char> s, char separator, out int a, out int b, out int year, out ReadOnlySpan<char> rest)
    {
        b = 0;
        year = 0;
        rest = default;
        var first = s.IndexOf(separator);
        if (first is < 1 or > 2 || !TryDigits(s[..first], out a))
        {
            a = 0;
            return false;
        }

        var afterFirst = s[(first + 1)..];
        var second = afterFirst.IndexOf(separator);
        if (second is < 1 or > 2 || !TryDigits(afterFirst[..second], out b))
        {
            return false;
        }

        var tail = afterFirst[(second + 1)..];
        if (tail.Length < 4 || !TryDigits(tail[..4], out year) || (tail.Length > 4 && tail[4] != ' '))
        {
            return false;
        }

        rest = tail[4..].TrimStart();
        return true;
    }

    /// <summary>Reads <c>H[H]:mm[:ss[.f…]]</c> from the start of <paramref name="s"/> and leaves the rest in it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryTime(ref ReadOnlySpan<char> s, out TimeSpan time, ref string? problem)
    {
        time = default;
        var colon = s.IndexOf(':');
        if (colon is < 1 or > 2 || !TryDigits(s[..colon], out var hour) || s.Length < colon + 3 || !TryDigits(s.Slice(colon + 1, 2), out var minute))
        {
            return false;
        }

        var i = colon + 3;
        var second = 0;
        long fractionTicks = 0;
        if (i < s.Length && s[i] == ':')
        {
            if (s.Length < i + 3 || !TryDigits(s.Slice(i + 1, 2), out second))
            {
                return false;
            }

            i += 3;
            if (i < s.Length && s[i] is '.' or ',')
            {
                var start = ++i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }

                var digits = i - start;
                if (digits is 0 or > 9)
                {
                    return false;
                }

                var used = Math.Min(digits, 7);
                TryDigits(s.Slice(start, used), out var f);
                fractionTicks = f;
                for (var k = used; k < 7; k++)
                {
                    fractionTicks *= 10;
                }
            }
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            problem = "has a time of day out of range";
            return false;
        }

        time = new TimeSpan(0, hour, minute, second).Add(TimeSpan.FromTicks(fractionTicks));
        s = s[i..];
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryOffset(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = default;
        if (s is "Z" or "z")
        {
            return true;
        }

        if (s.Length < 3 || s[0] is not ('+' or '-') || !TryDigits(s.Slice(1, 2), out var hours))
        {
            return false;
        }

        var minutes = 0;
        var rest = s[3..];
        if (rest.Length == 3 && rest[0] == ':')
        {
            rest = rest[1..];
        }

        if (!rest.IsEmpty && (rest.Length != 2 || !TryDigits(rest, out minutes)))
        {
            return false;
        }

        if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (s[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ToUtc(DateTime local, SourceProfile profile, out DateTime utc)
    {
        // GetUtcOffset answers the standard offset for times in a DST gap or overlap instead of throwing.
        var offset = ReferenceEquals(profile.TimeZone, TimeZoneInfo.Utc) ? TimeSpan.Zero : profile.TimeZone.GetUtcOffset(local);
        utc = DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ValidDate(int year, int month, int day, ref string? problem)
    {
        // Years far outside the accepted range are refused here, before any arithmetic could overflow DateTime.
        if (year is < 1899 or > 2200)
        {
            problem = $"is out of range (year {year}; accepted from 1900 to 2199)";
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            problem = $"is not a calendar date (year {year}, month {month}, day {day})";
            return false;
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !s.IsEmpty;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > 9)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
