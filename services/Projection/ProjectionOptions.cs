using System.ComponentModel.DataAnnotations;

namespace CustomerStream.Projection;

/// <summary>Settings of the projection service (configuration section <c>Projection</c>).</summary>
public sealed class ProjectionOptions : IValidatableObject
{
    public const string SectionName = "Projection";

    /// <summary>Npgsql connection string of the database that holds the marts.</summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>Lifetime value from which a customer is Platinum.</summary>
    [Range(typeof(decimal), "0", "79228162514264337593543950335")]
    public decimal TierPlatinumMin { get; set; } = 1000m;

    [Range(typeof(decimal), "0", "79228162514264337593543950335")]
    public decimal TierGoldMin { get; set; } = 500m;

    [Range(typeof(decimal), "0", "79228162514264337593543950335")]
    public decimal TierSilverMin { get; set; } = 200m;

    /// <summary>Date that recency is measured to; null = today (UTC). Set it for reproducible runs.</summary>
    public DateOnly? AsOfDate { get; set; }

    /// <summary>Create the read-only role <c>customerstream_bi</c> at start-up (needs CREATEROLE).</summary>
    public bool CreateBiRole { get; set; } = true;

    /// <summary>Password given to <c>customerstream_bi</c> when the role is created (an existing role keeps its password).</summary>
    public string BiRolePassword { get; set; } = "customerstream_bi";

    /// <summary>
    /// Secret key of the e-mail pseudonyms <c>customerstream_bi</c> reads (HMAC-SHA256; at least 32 characters).
    /// Unset: a random key is generated once and kept in the database (pseudonyms then change when the database
    /// is recreated). A changed key rewrites every pseudonym at the next start.
    /// </summary>
    public string? PseudonymKey { get; set; }

    /// <summary>Consumer group of the projection service.</summary>
    [Required]
    public string GroupId { get; set; } = "customerstream-projection";

    /// <summary>Most records applied in one database transaction.</summary>
    [Range(1, 1_000_000)]
    public int MaxBatchSize { get; set; } = 20_000;

    /// <summary>
    /// How long one poll waits for more records after the first before the batch is applied. 0 (the default)
    /// takes only what is already fetched: under backlog that is a large batch, when quiet a single record,
    /// so no record waits for company.
    /// </summary>
    [Range(0, 60_000)]
    public int MaxBatchWaitMs { get; set; }

    /// <summary>
    /// Seconds between global refreshes (RFM quintile boundaries, cohort retention, folding the count deltas),
    /// each run only when something was applied since the last; 0 turns the background refresh off (then only
    /// <c>rebuild</c>, <c>demo</c> and <c>bench</c> refresh). The bound on how stale those figures are.
    /// </summary>
    [Range(0, 86_400)]
    public int GlobalRefreshSeconds { get; set; } = 60;

    /// <summary>Checked with the data annotations when the host starts: the tier thresholds must descend.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!(TierPlatinumMin >= TierGoldMin && TierGoldMin >= TierSilverMin))
        {
            yield return new ValidationResult(
                $"Projection tier thresholds must descend: Platinum {TierPlatinumMin} >= Gold {TierGoldMin} >= Silver {TierSilverMin}",
                [nameof(TierPlatinumMin), nameof(TierGoldMin), nameof(TierSilverMin)]);
        }

        if (!string.IsNullOrEmpty(PseudonymKey) && PseudonymKey.Length < Storage.PseudonymKey.MinimumSecretLength)
        {
            yield return new ValidationResult(
                $"Projection:PseudonymKey must have at least {Storage.PseudonymKey.MinimumSecretLength} characters (e.g. openssl rand -hex 32), or be unset",
                [nameof(PseudonymKey)]);
        }
    }

    /// <summary>Throws <see cref="ValidationException"/> when the options are invalid (for callers without a host).</summary>
    public void EnsureValid() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
}
