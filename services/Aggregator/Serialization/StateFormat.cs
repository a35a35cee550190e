using CustomerStream.Aggregator.Domain;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Aggregator.Serialization;

/// <summary>
/// How a <see cref="CustomerState"/> is laid out: bookkeeping, acquisition, identifiers, records, orders,
/// web events, then the last summary. Writes the current version; reads every version.
/// </summary>
/// <remarks>
/// Version 2 (written since the aggregator decodes each state once per batch): instants as milliseconds
/// since 1970 when they are whole milliseconds (they come from Avro timestamp-millis), record hashes of 64
/// lower-case hex digits as their 32 bytes, and the strings a summary repeats (names, phone, e-mail
/// addresses, identifiers) through the per-state string table, so they are stored and decoded once.
/// Version 1 stored instants as ticks and those strings inline.
/// </remarks>
internal static class StateFormat
{
    public static void WriteState(StateWriter w, CustomerState state)
    {
        w.WriteString(state.CustomerId);
        w.WriteVarLong(state.LastSeq);
        w.WriteVarLong(state.Version);
        w.WriteBool(state.Removed);

        w.WriteCount(state.MergeHistory.Count);
        foreach (var merge in state.MergeHistory)
        {
            w.WriteVarLong(merge.Seq);
            w.WriteString(merge.SurvivorId);
        }

        w.WriteCount(state.AppliedTransfers.Count);
        foreach (var transfer in state.AppliedTransfers)
        {
            w.WriteString(transfer.LoserId);
            w.WriteVarLong(transfer.MergeSeq);
            w.WriteVarULong(transfer.Contents);
        }

        w.WriteNullableTime(state.Acquisition.Ts);
        w.WriteShared(state.Acquisition.Source);

        w.WriteCount(state.Identifiers.Count);
        foreach (var identifier in state.Identifiers.Values)
        {
            w.WriteShared(identifier.Identifier);
            w.WriteShared(identifier.SourceSystem);
            w.WriteTime(identifier.FirstSeenTs);
        }

        w.WriteCount(state.Records.Count);
        foreach (var r in state.RecordValues)
        {
            w.WriteShared(r.SourceSystem);
            w.WriteString(r.SourceCustomerId);
            w.WriteShared(r.Email);
            w.WriteShared(r.FirstName);
            w.WriteShared(r.LastName);
            w.WriteShared(r.Phone);
            w.WriteShared(r.Country);
            w.WriteShared(r.City);
            w.WriteNullableTime(r.CreatedAt);
            w.WriteTime(r.UpdatedAt);
            w.WriteByte((byte)r.Status);
            w.WriteBool(r.IsTest);
            w.WriteHash(r.RecordHash);
        }

        w.WriteCount(state.Orders.Count);
        foreach (var o in state.OrderValues)
        {
            w.WriteShared(o.SourceSystem);
            w.WriteString(o.OrderId);
            w.WriteTime(o.OrderTs);
            w.WriteTime(o.UpdatedAt);
            w.WriteByte((byte)o.Status);
            w.WriteDecimal(o.Amount);
            w.WriteShared(o.Currency);
            w.WriteShared(o.BusinessUnit);
            w.WriteShared(o.Category);
            w.WriteString(o.ProductId);
            w.WriteNullableInt(o.Quantity);
            w.WriteShared(o.CustomerEmail);
            w.WriteHash(o.RecordHash);
        }

        w.WriteCount(state.WebEvents.Count);
        foreach (var e in state.WebEventValues)
        {
            w.WriteString(e.EventId);
            w.WriteVarLong(e.Seq);
            w.WriteTime(e.Ts);
            w.WriteBool(e.Present);
            if (e.Present)
            {
                w.WriteShared(e.Type);
                w.WriteShared(e.SessionId);
                w.WriteShared(e.Email);
            }
        }

        WriteSummary(w, state.LastSummary);
    }

    public static CustomerState ReadState(ref StateReader r)
    {
        var state = new CustomerState(r.ReadRequiredString())
        {
            LastSeq = r.ReadVarLong(),
            Version = r.ReadVarLong(),
            Removed = r.ReadBool(),
        };

        for (var n = r.ReadCount(); n > 0; n--)
        {
            state.LoadMerge(new MergeRecord(r.ReadVarLong(), r.ReadRequiredString()));
        }

        for (var n = r.ReadCount(); n > 0; n--)
        {
            state.LoadAppliedTransfer(new TransferId(r.ReadRequiredString(), r.ReadVarLong(), r.ReadVarULong()));
        }

        var acquisitionTs = r.ReadNullableTime();
        var acquisitionSource = r.ReadShared(intern: true);
        state.Acquisition = acquisitionTs is null && acquisitionSource is null ? Acquisition.None : new Acquisition(acquisitionTs, acquisitionSource);

        var identifiers = r.ReadCount();
        state.ReserveForLoad(0, 0, 0, identifiers);
        for (var n = identifiers; n > 0; n--)
        {
            state.LoadIdentifier(new IdentifierEntry(r.ReadRequiredText(), r.ReadShared(intern: true), r.ReadTime()));
        }

        var records = r.ReadCount();
        state.ReserveForLoad(records, 0, 0, 0);
        for (var n = records; n > 0; n--)
        {
            state.LoadRecord(new MasterRecord(
                SourceSystem: r.ReadRequiredShared(),
                SourceCustomerId: r.ReadRequiredString(),
                Email: r.ReadText(),
                FirstName: r.ReadText(),
                LastName: r.ReadText(),
                Phone: r.ReadText(),
                Country: r.ReadShared(intern: true),
                City: r.ReadShared(intern: true),
                CreatedAt: r.ReadNullableTime(),
                UpdatedAt: r.ReadTime(),
                Status: (CustomerStatus)r.ReadByte(),
                IsTest: r.ReadBool(),
                RecordHash: r.ReadHash()));
        }

        var orders = r.ReadCount();
        state.ReserveForLoad(0, orders, 0, 0);
        for (var n = orders; n > 0; n--)
        {
            state.LoadOrder(new OrderVersion(
                SourceSystem: r.ReadRequiredShared(),
                OrderId: r.ReadRequiredString(),
                OrderTs: r.ReadTime(),
                UpdatedAt: r.ReadTime(),
                Status: (OrderStatus)r.ReadByte(),
                Amount: r.ReadDecimal(),
                Currency: r.ReadRequiredShared(),
                BusinessUnit: r.ReadRequiredShared(),
                Category: r.ReadShared(intern: true),
                ProductId: r.ReadString(),
                Quantity: r.ReadNullableInt(),
                CustomerEmail: r.ReadShared(intern: false),
                RecordHash: r.ReadHash()));
        }

        var webEvents = r.ReadCount();
        state.ReserveForLoad(0, 0, webEvents, 0);
        for (var n = webEvents; n > 0; n--)
        {
            var eventId = r.ReadRequiredString();
            var seq = r.ReadVarLong();
            var ts = r.ReadTime();
            state.LoadWeb(r.ReadBool()
                ? new WebEventEntry(eventId, seq, true, ts, r.ReadShared(intern: true), r.ReadShared(intern: false), r.ReadShared(intern: false))
                : WebEventEntry.Absent(eventId, seq, ts));
        }

        state.LastSummary = ReadSummary(ref r);
        return state;
    }

    private static void WriteSummary(StateWriter w, CustomerSummary? s)
    {
        w.WriteBool(s is not null);
        if (s is null)
        {
            return;
        }

        w.WriteByte((byte)s.VisibilityStatus);
        w.WriteNullableTime(s.AcquisitionTs);
        w.WriteShared(s.AcquisitionSource);
        w.WriteShared(s.Email);
        w.WriteShared(s.FirstName);
        w.WriteShared(s.LastName);
        w.WriteShared(s.Phone);
        w.WriteShared(s.Country);
        w.WriteShared(s.City);
        w.WriteCount(s.Identifiers.Count);
        foreach (var identifier in s.Identifiers)
        {
            w.WriteShared(identifier);
        }

        w.WriteDecimal(s.LifetimeValue);
        w.WriteVarLong(s.TotalTransactions);
        w.WriteDecimal(s.RefundedAmount);
        w.WriteNullableTime(s.FirstTransactionTs);
        w.WriteNullableTime(s.LastTransactionTs);
        w.WriteNullableDecimal(s.AvgTransactionValue);
        w.WriteNullableDecimal(s.TransactionValueStddev);
        w.WriteNullableDecimal(s.MinTransactionValue);
        w.WriteNullableDecimal(s.MaxTransactionValue);
        w.WriteNullableDecimal(s.MedianTransactionValue);
        w.WriteVarLong(s.WebSessions);
        w.WriteVarLong(s.PageViews);
    }

    private static CustomerSummary? ReadSummary(ref StateReader r)
    {
        if (!r.ReadBool())
        {
            return null;
        }

        var visibility = (VisibilityStatus)r.ReadByte();
        var acquisitionTs = r.ReadNullableTime();
        var acquisitionSource = r.ReadShared(intern: true);
        var email = r.ReadShared(intern: false);
        var firstName = r.ReadText();
        var lastName = r.ReadText();
        var phone = r.ReadText();
        var country = r.ReadShared(intern: true);
        var city = r.ReadShared(intern: true);
        var count = r.ReadCount();
        var identifiers = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            identifiers.Add(r.ReadRequiredText());
        }

        return new CustomerSummary
        {
            VisibilityStatus = visibility,
            AcquisitionTs = acquisitionTs,
            AcquisitionSource = acquisitionSource,
            Email = email,
            FirstName = firstName,
            LastName = lastName,
            Phone = phone,
            Country = country,
            City = city,
            Identifiers = identifiers,
            LifetimeValue = r.ReadDecimal(),
            TotalTransactions = r.ReadVarLong(),
            RefundedAmount = r.ReadDecimal(),
            FirstTransactionTs = r.ReadNullableTime(),
            LastTransactionTs = r.ReadNullableTime(),
            AvgTransactionValue = r.ReadNullableDecimal(),
            TransactionValueStddev = r.ReadNullableDecimal(),
            MinTransactionValue = r.ReadNullableDecimal(),
            MaxTransactionValue = r.ReadNullableDecimal(),
            MedianTransactionValue = r.ReadNullableDecimal(),
            WebSessions = r.ReadVarLong(),
            PageViews = r.ReadVarLong(),
        };
    }
}
