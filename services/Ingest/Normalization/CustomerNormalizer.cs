using System.Runtime.CompilerServices;
using CustomerStream.Contracts.Ingest;
using F = CustomerStream.Ingest.Normalization.CustomerFields;

namespace CustomerStream.Ingest.Normalization;

/// <summary>Normalizes <c>customers*.csv</c> records into <see cref="CustomerRecord"/>.</summary>
public sealed class CustomerNormalizer(SourceProfiles profiles) : IRecordNormalizer<CustomerRecord>
{
    public IngestEntity Entity => IngestEntity.Customers;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Normalized<CustomerRecord> Normalize(ReadOnlySpan<RawValue> fields, in RecordContext context)
    {
        var r = new FieldReader(fields, F.Set);
        var source = r.SourceSystem(F.SourceSystem, context.DefaultSourceSystem);
        var rejectAs = r.Failed ? context.DefaultSourceSystem ?? Unknown : source;
        var profile = profiles.For(source);

        var customerId = r.RequiredText(F.SourceCustomerId);
        var email = r.Email(F.Email);
        var firstName = r.OptionalText(F.FirstName);
        var lastName = r.OptionalText(F.LastName);
        var phone = r.OptionalText(F.Phone);
        var country = CountryCodes.Normalize(r.OptionalText(F.Country));
        var city = r.OptionalText(F.City);
        var createdAt = r.Timestamp(F.CreatedAt, profile, required: false);
        var updatedAt = r.Timestamp(F.UpdatedAt, profile, required: false);
        if (!r.Failed && createdAt is null && updatedAt is null)
        {
            r.Fail(ReasonCodes.MissingField, "field 'updated_at' is required when 'created_at' is empty (one of them versions the record)");
        }

        var statusText = r.RequiredText(F.Status);
        var status = CustomerStatus.ACTIVE;
        if (!r.Failed && !TryStatus(statusText, out status))
        {
            r.Fail(ReasonCodes.UnknownStatus, $"field 'status' {r.Raw(F.Status).Describe()} is not one of active, inactive, deleted");
        }

        var isTest = r.Flag(F.IsTest, fallback: false);
        if (r.Error is { } error)
        {
            return Normalized<CustomerRecord>.Reject(error, rejectAs);
        }

        var record = new CustomerRecord
        {
            SourceSystem = source,
            SourceCustomerId = customerId,
            Email = email.Normalized,
            EmailRaw = email.Raw,
            EmailValid = email.IsValid,
            FirstName = firstName,
            LastName = lastName,
            Phone = phone,
            Country = country,
            City = city,
            CreatedAt = createdAt,
            UpdatedAt = (updatedAt ?? createdAt)!.Value,
            Status = status,
            IsTest = isTest,
            SourceRef = context.SourceRef,
            IngestedAt = context.IngestedAt,
        };
        record.RecordHash = HashOf(record);
        return Normalized<CustomerRecord>.Accept(record, source);
    }

    public string KeyOf(CustomerRecord record) => $"{record.SourceSystem}:{record.SourceCustomerId}";

    internal const string Unknown = "unknown";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryStatus(string text, out CustomerStatus status)
    {
        if (text.Equals("active", StringComparison.OrdinalIgnoreCase))
        {
            status = CustomerStatus.ACTIVE;
            return true;
        }

        if (text.Equals("inactive", StringComparison.OrdinalIgnoreCase))
        {
            status = CustomerStatus.INACTIVE;
            return true;
        }

        status = CustomerStatus.DELETED;
        return text.Equals("deleted", StringComparison.OrdinalIgnoreCase);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string HashOf(CustomerRecord c)
    {
        var h = new ContentHash();
        h.Add("customer");
        h.Add(c.SourceSystem);
        h.Add(c.SourceCustomerId);
        h.Add(c.Email);
        h.Add(c.EmailRaw);
        h.Add(c.EmailValid);
        h.Add(c.FirstName);
        h.Add(c.LastName);
        h.Add(c.Phone);
        h.Add(c.Country);
        h.Add(c.City);
        h.Add(c.CreatedAt);
        h.Add(c.UpdatedAt);
        h.Add((long)c.Status);
        h.Add(c.IsTest);
        return h.Finish();
    }
}
