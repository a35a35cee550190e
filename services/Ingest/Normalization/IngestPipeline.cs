using CustomerStream.Contracts.Ingest;
using CustomerStream.Ingest.Reading;

namespace CustomerStream.Ingest.Normalization;

/// <summary>The normalizers of the three entities under one source configuration.</summary>
public sealed class IngestPipeline(SourceProfiles profiles, InputLimits limits)
{
    public IngestPipeline(IngestOptions options)
        : this(new SourceProfiles(options.Sources), new InputLimits(options.MaxFieldBytes, options.MaxRecordBytes))
    {
    }

    public SourceProfiles Profiles => profiles;

    public InputLimits Limits => limits;

    public RowProcessor<CustomerRecord> Customers { get; } = new(new CustomerNormalizer(profiles));

    public RowProcessor<OrderRecord> Orders { get; } = new(new OrderNormalizer(profiles));

    public RowProcessor<WebEvent> WebEvents { get; } = new(new WebEventNormalizer(profiles));
}
