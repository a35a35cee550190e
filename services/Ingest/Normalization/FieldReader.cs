using System.Runtime.CompilerServices;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Ingest.Normalization;

/// <summary>
/// Typed access to the raw fields of one record for a normalizer. The first problem found is kept
/// as <see cref="Error"/> (a record is rejected for one reason, the first in field order) and every
/// later call becomes a no-op, so normalizers read like a list of field rules.
/// </summary>
internal ref struct FieldReader(ReadOnlySpan<RawValue> fields, FieldSet set)
{
    private readonly ReadOnlySpan<RawValue> _fields = fields;

    public Rejection? Error { get; private set; }

    public readonly bool Failed => Error is not null;

    public readonly RawValue Raw(int field) => field < _fields.Length ? _fields[field] : default;

    public readonly string Name(int field) => set.Names[field];

    public void Fail(string reasonCode, string reason) => Error ??= new Rejection(reasonCode, reason);

    /// <summary>A required text field, trimmed. JSON numbers are accepted as their literal (ids are often numeric).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string RequiredText(int field)
    {
        var text = OptionalText(field);
        if (text is null && !Failed)
        {
            Fail(ReasonCodes.MissingField, $"field '{Name(field)}' is required but {(Raw(field).Kind == RawKind.Absent ? "absent" : "empty")}");
        }

        return text ?? "";
    }

    /// <summary>An optional text field, trimmed; null when absent or empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? OptionalText(int field)
    {
        if (Failed)
        {
            return null;
        }

        var raw = Raw(field);
        switch (raw.Kind)
        {
            case RawKind.Absent or RawKind.Null:
                return null;
            case RawKind.Text or RawKind.Number:
                var trimmed = raw.Text.AsSpan().Trim();
                return trimmed.IsEmpty ? null : trimmed.Length == raw.Text!.Length ? raw.Text : trimmed.ToString();
            default:
                Fail(ReasonCodes.BadFieldType, $"field '{Name(field)}' must be text, got {raw.Describe()}");
                return null;
        }
    }

    /// <summary>The field's text exactly as received (not trimmed) for fields kept raw, such as e-mails.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? RawText(int field)
    {
        if (Failed)
        {
            return null;
        }

        var raw = Raw(field);
        switch (raw.Kind)
        {
            case RawKind.Absent or RawKind.Null:
                return null;
            case RawKind.Text:
                return raw.Text;
            default:
                Fail(ReasonCodes.BadFieldType, $"field '{Name(field)}' must be text, got {raw.Describe()}");
                return null;
        }
    }

    /// <summary>A timestamp in any accepted format (<see cref="TimestampParser"/>), in UTC; null when optional and empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public DateTime? Timestamp(int field, SourceProfile profile, bool required)
    {
        if (Failed)
        {
            return null;
        }

        var raw = Raw(field);
        if (raw.Kind is RawKind.Boolean or RawKind.Object or RawKind.Array)
        {
            Fail(ReasonCodes.BadFieldType, $"field '{Name(field)}' must be a timestamp (text or epoch number), got {raw.Describe()}");
            return null;
        }

        if (raw.IsEmpty)
        {
            if (required)
            {
                Fail(ReasonCodes.MissingField, $"field '{Name(field)}' is required but {(raw.Kind == RawKind.Absent ? "absent" : "empty")}");
            }

            return null;
        }

        if (TimestampParser.TryParse(raw.Text, profile, out var utc, out var problem))
        {
            return utc;
        }

        Fail(ReasonCodes.BadTimestamp, $"field '{Name(field)}' {raw.Describe()} {problem}");
        return null;
    }

    /// <summary>An optional flag (true/false/1/0/yes/no); <paramref name="fallback"/> when empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Flag(int field, bool fallback)
    {
        if (Failed)
        {
            return fallback;
        }

        var raw = Raw(field);
        if (raw.IsEmpty)
        {
            return fallback;
        }

        if (raw.Kind is RawKind.Object or RawKind.Array)
        {
            Fail(ReasonCodes.BadFieldType, $"field '{Name(field)}' must be a flag, got {raw.Describe()}");
            return fallback;
        }

        if (BooleanParser.TryParse(raw.Text, out var value))
        {
            return value;
        }

        Fail(ReasonCodes.BadBoolean, $"field '{Name(field)}' {raw.Describe()} is not one of true/false/1/0/yes/no");
        return fallback;
    }

    /// <summary>An e-mail field: normalized when valid, raw kept either way.</summary>
    public EmailAddress.Result Email(int field) => EmailAddress.Normalize(RawText(field));

    /// <summary>A source system name: the record's own value, else <paramref name="fallback"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string SourceSystem(int field, string? fallback)
    {
        var raw = OptionalText(field) ?? fallback;
        if (Failed)
        {
            return fallback ?? "";
        }

        if (raw is null)
        {
            Fail(ReasonCodes.MissingField, $"field '{Name(field)}' is required but {(Raw(field).Kind == RawKind.Absent ? "absent" : "empty")} (or pass --source)");
            return "";
        }

        if (!SourceSystemName.TryNormalize(raw, out var name, out var problem))
        {
            Fail(ReasonCodes.BadSourceSystem, $"field '{Name(field)}' {problem}");
        }

        return name;
    }
}
