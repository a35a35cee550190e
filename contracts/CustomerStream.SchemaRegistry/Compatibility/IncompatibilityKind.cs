namespace CustomerStream.SchemaRegistry.Compatibility;

/// <summary>Why a reader schema cannot read a writer schema (the names Avro's Java checker and Confluent report).</summary>
public enum IncompatibilityKind
{
    /// <summary>A record, enum or fixed changed its name without an alias (<c>NAME_MISMATCH</c>).</summary>
    NameMismatch,

    /// <summary>A fixed changed its size (<c>FIXED_SIZE_MISMATCH</c>).</summary>
    FixedSizeMismatch,

    /// <summary>The writer may write enum symbols the reader lacks, and the reader enum has no default (<c>MISSING_ENUM_SYMBOLS</c>).</summary>
    MissingEnumSymbols,

    /// <summary>A reader field is absent from the writer and has no default (<c>READER_FIELD_MISSING_DEFAULT_VALUE</c>).</summary>
    ReaderFieldMissingDefaultValue,

    /// <summary>The types cannot be resolved, e.g. string to long (<c>TYPE_MISMATCH</c>).</summary>
    TypeMismatch,

    /// <summary>A writer union branch has no counterpart in the reader (<c>MISSING_UNION_BRANCH</c>).</summary>
    MissingUnionBranch,

    /// <summary>
    /// A decimal's scale changed or its precision shrank (<c>DECIMAL_MISMATCH</c>). Avro's Java checker
    /// ignores logical types; this one does not, because the same bytes would mean another amount.
    /// </summary>
    DecimalMismatch,

    /// <summary>A timestamp or time changed its unit, e.g. millis to micros (<c>LOGICAL_TYPE_MISMATCH</c>); same reason.</summary>
    LogicalTypeMismatch,
}
