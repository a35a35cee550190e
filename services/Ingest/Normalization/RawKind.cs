namespace CustomerStream.Ingest.Normalization;

/// <summary>What an input field held before normalization. CSV fields are always <see cref="Text"/> (or absent).</summary>
public enum RawKind : byte
{
    /// <summary>The field was not in the record (no such column, no such JSON property).</summary>
    Absent,

    /// <summary>JSON <c>null</c>.</summary>
    Null,

    /// <summary>Text: a CSV field or a JSON string.</summary>
    Text,

    /// <summary>A JSON number; <see cref="RawValue.Text"/> is its literal.</summary>
    Number,

    /// <summary>A JSON <c>true</c>/<c>false</c>; <see cref="RawValue.Text"/> is the literal.</summary>
    Boolean,

    /// <summary>A JSON object; <see cref="RawValue.Text"/> is its JSON text.</summary>
    Object,

    /// <summary>A JSON array; <see cref="RawValue.Text"/> is its JSON text.</summary>
    Array,
}
