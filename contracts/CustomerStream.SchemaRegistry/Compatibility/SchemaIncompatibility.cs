namespace CustomerStream.SchemaRegistry.Compatibility;

/// <summary>One reason a reader schema cannot read a writer schema.</summary>
/// <param name="Kind">What kind of incompatibility.</param>
/// <param name="Location">Where, as a JSON pointer into the reader schema (e.g. <c>/fields/3/type</c>), like Confluent's messages.</param>
/// <param name="Field">The dotted field path (e.g. <c>profile.email</c>), or empty at the top level.</param>
/// <param name="Description">A sentence an operator can act on; it names the field and both sides.</param>
public sealed record SchemaIncompatibility(IncompatibilityKind Kind, string Location, string Field, string Description)
{
    /// <summary>The kind in Confluent's spelling, e.g. <c>READER_FIELD_MISSING_DEFAULT_VALUE</c>.</summary>
    public string KindName => Kind switch
    {
        IncompatibilityKind.NameMismatch => "NAME_MISMATCH",
        IncompatibilityKind.FixedSizeMismatch => "FIXED_SIZE_MISMATCH",
        IncompatibilityKind.MissingEnumSymbols => "MISSING_ENUM_SYMBOLS",
        IncompatibilityKind.ReaderFieldMissingDefaultValue => "READER_FIELD_MISSING_DEFAULT_VALUE",
        IncompatibilityKind.TypeMismatch => "TYPE_MISMATCH",
        IncompatibilityKind.MissingUnionBranch => "MISSING_UNION_BRANCH",
        IncompatibilityKind.DecimalMismatch => "DECIMAL_MISMATCH",
        _ => "LOGICAL_TYPE_MISMATCH",
    };

    /// <inheritdoc />
    public override string ToString() => $"{Description} [{KindName} at {Location}]";
}
