using System.Globalization;
using System.Runtime.CompilerServices;
using CustomerStream.Contracts.Ingest;
using F = CustomerStream.Ingest.Normalization.OrderFields;

namespace CustomerStream.Ingest.Normalization;

/// <summary>Normalizes <c>orders*.csv</c> records into <see cref="OrderRecord"/>.</summary>
public sealed class OrderNormalizer(SourceProfiles profiles) : IRecordNormalizer<OrderRecord>
{
    public const string DefaultBusinessUnit = "default";

    public IngestEntity Entity => IngestEntity.Orders;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Normalized<OrderRecord> Normalize(ReadOnlySpan<RawValue> fields, in RecordContext context)
    {
        var r = new FieldReader(fields, F.Set);
        var source = r.SourceSystem(F.SourceSystem, context.DefaultSourceSystem);
        var rejectAs = r.Failed ? context.DefaultSourceSystem ?? CustomerNormalizer.Unknown : source;
        var profile = profiles.For(source);

        var orderId = r.RequiredText(F.OrderId);
        var customerId = r.OptionalText(F.SourceCustomerId);
        var email = r.Email(F.CustomerEmail);
        var orderTs = r.Timestamp(F.OrderTs, profile, required: true);
        var updatedAt = r.Timestamp(F.UpdatedAt, profile, required: false);

        var statusText = r.RequiredText(F.Status);
        var status = OrderStatus.PENDING;
        if (!r.Failed && !TryStatus(statusText, out status))
        {
            r.Fail(ReasonCodes.UnknownStatus, $"field 'status' {r.Raw(F.Status).Describe()} is not one of approved, pending, declined, refunded, cancelled");
        }

        var amount = Amount(ref r);
        var currencyText = r.RequiredText(F.Currency);
        var currency = "";
        if (!r.Failed && !CurrencyCodes.TryNormalize(currencyText, out currency))
        {
            r.Fail(ReasonCodes.BadCurrency, $"field 'currency' {r.Raw(F.Currency).Describe()} is not an ISO 4217 code (e.g. EUR, USD)");
        }

        var businessUnit = r.OptionalText(F.BusinessUnit) ?? DefaultBusinessUnit;
        var category = r.OptionalText(F.Category);
        var productId = r.OptionalText(F.ProductId);
        var quantity = Quantity(ref r);
        if (!r.Failed && customerId is null && !email.IsValid)
        {
            r.Fail(ReasonCodes.UnlinkableOrder, email.Raw is null
                ? "the order has neither 'source_customer_id' nor 'customer_email', so it belongs to nobody"
                : $"the order has no 'source_customer_id' and its 'customer_email' {RawValue.Of(email.Raw).Describe()} is malformed, so it belongs to nobody");
        }

        if (r.Error is { } error)
        {
            return Normalized<OrderRecord>.Reject(error, rejectAs);
        }

        var record = new OrderRecord
        {
            SourceSystem = source,
            OrderId = orderId,
            SourceCustomerId = customerId,
            CustomerEmail = email.Normalized,
            CustomerEmailRaw = email.Raw,
            CustomerEmailValid = email.IsValid,
            OrderTs = orderTs!.Value,
            UpdatedAt = updatedAt ?? orderTs.Value,
            Status = status,
            Amount = amount,
            Currency = currency,
            BusinessUnit = businessUnit,
            Category = category,
            ProductId = productId,
            Quantity = quantity,
            SourceRef = context.SourceRef,
            IngestedAt = context.IngestedAt,
        };
        record.RecordHash = HashOf(record);
        return Normalized<OrderRecord>.Accept(record, source);
    }

    public string KeyOf(OrderRecord record) => $"{record.SourceSystem}:{record.OrderId}";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static decimal Amount(ref FieldReader r)
    {
        if (r.Failed)
        {
            return 0;
        }

        var raw = r.Raw(F.Amount);
        if (raw.Kind is RawKind.Boolean or RawKind.Object or RawKind.Array)
        {
            r.Fail(ReasonCodes.BadFieldType, $"field 'amount' must be a number, got {raw.Describe()}");
            return 0;
        }

        if (raw.IsEmpty)
        {
            r.Fail(ReasonCodes.MissingField, $"field 'amount' is required but {(raw.Kind == RawKind.Absent ? "absent" : "empty")}");
            return 0;
        }

        if (MoneyParser.TryParse(raw.Text, out var amount, out var problem))
        {
            return amount;
        }

        r.Fail(ReasonCodes.BadAmount, $"field 'amount' {raw.Describe()} {problem}");
        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int? Quantity(ref FieldReader r)
    {
        if (r.Failed)
        {
            return null;
        }

        var raw = r.Raw(F.Quantity);
        if (raw.IsEmpty)
        {
            return null;
        }

        if (raw.Kind is RawKind.Boolean or RawKind.Object or RawKind.Array)
        {
            r.Fail(ReasonCodes.BadFieldType, $"field 'quantity' must be a whole number, got {raw.Describe()}");
            return null;
        }

        if (int.TryParse(raw.Text.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var quantity) && quantity >= 0)
        {
            return quantity;
        }

        r.Fail(ReasonCodes.BadNumber, $"field 'quantity' {raw.Describe()} is not a whole number from 0 to {int.MaxValue}");
        return null;
    }

    /// <summary>The order statuses of the input format, any case; <c>canceled</c> (US spelling) is read as cancelled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryStatus(string text, out OrderStatus status)
    {
        switch (text.ToLowerInvariant())
        {
            case "approved":
                status = OrderStatus.APPROVED;
                return true;
            case "pending":
                status = OrderStatus.PENDING;
                return true;
            case "declined":
                status = OrderStatus.DECLINED;
                return true;
            case "refunded":
                status = OrderStatus.REFUNDED;
                return true;
            case "cancelled" or "canceled":
                status = OrderStatus.CANCELLED;
                return true;
            default:
                status = OrderStatus.PENDING;
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string HashOf(OrderRecord o)
    {
        var h = new ContentHash();
        h.Add("order");
        h.Add(o.SourceSystem);
        h.Add(o.OrderId);
        h.Add(o.SourceCustomerId);
        h.Add(o.CustomerEmail);
        h.Add(o.CustomerEmailRaw);
        h.Add(o.CustomerEmailValid);
        h.Add(o.OrderTs);
        h.Add(o.UpdatedAt);
        h.Add((long)o.Status);
        h.Add(o.Amount);
        h.Add(o.Currency);
        h.Add(o.BusinessUnit);
        h.Add(o.Category);
        h.Add(o.ProductId);
        h.Add(o.Quantity);
        return h.Finish();
    }
}
