namespace CustomerStream.Contracts.Customer;

/// <summary>
/// Whether a stitched profile counts as a customer (contracts/README.md section 1), decided in this order: ANONYMOUS (no
/// strong identifier), TEST (a customer-master record flagged test), DELETED (every customer-master
/// record deleted in its latest version), else VISIBLE. "How many customers" counts VISIBLE.
/// </summary>
public enum VisibilityStatus
{
    VISIBLE,
    TEST,
    DELETED,
    ANONYMOUS,
}
