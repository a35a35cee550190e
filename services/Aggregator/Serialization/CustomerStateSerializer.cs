using CustomerStream.Aggregator.Domain;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Aggregator.Serialization;

/// <summary>
/// The stored form of a <see cref="CustomerState"/> (state store values, changelog records), of a
/// <see cref="StateTransfer"/> (the transfer topic) and of an <see cref="AggregatorTaskState"/>. A hand-written binary format: the first byte is
/// the format version, so that a later version can still read what an earlier one wrote. Derived
/// figures are not stored; they are rebuilt from the entities when first needed.
/// </summary>
public static class CustomerStateSerializer
{
    /// <summary>Current format of a state.</summary>
    public const byte StateFormat = 1;

    /// <summary>Current format of a transfer.</summary>
    public const byte TransferFormat = 1;

    /// <summary>Current format of a task state.</summary>
    public const byte TaskFormat = 1;

    [ThreadStatic]
    private static StateWriter? t_writer;

    public static byte[] Serialize(CustomerState state)
    {
        var writer = RentWriter();
        writer.WriteByte(StateFormat);
        WriteState(writer, state);
        return writer.ToArray();
    }

    public static CustomerState Deserialize(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new StateReader(data);
            var format = reader.ReadByte();
            if (format != StateFormat)
            {
                throw new InvalidDataException($"unknown customer state format {format} (this build reads {StateFormat})");
            }

            var state = ReadState(ref reader);
            EnsureEnd(reader);
            return state;
        }
        catch (IndexOutOfRangeException e)
        {
            throw new InvalidDataException("customer state is truncated", e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException("customer state is truncated", e);
        }
    }

    public static byte[] SerializeTransfer(StateTransfer transfer)
    {
        var writer = RentWriter();
        writer.WriteByte(TransferFormat);
        WriteTransfer(writer, transfer);
        return writer.ToArray();
    }

    public static byte[] SerializeTaskState(AggregatorTaskState task)
    {
        var writer = RentWriter();
        writer.WriteByte(TaskFormat);
        writer.WriteVarLong(task.FactWatermark);
        writer.WriteVarLong(task.Batches);
        writer.WriteCount(task.Parked.Count);
        foreach (var transfer in task.Parked)
        {
            WriteTransfer(writer, transfer);
        }

        return writer.ToArray();
    }

    public static AggregatorTaskState DeserializeTaskState(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new StateReader(data);
            var format = reader.ReadByte();
            if (format != TaskFormat)
            {
                throw new InvalidDataException($"unknown aggregator task state format {format} (this build reads {TaskFormat})");
            }

            var task = new AggregatorTaskState { FactWatermark = reader.ReadVarLong(), Batches = reader.ReadVarLong() };
            for (var n = reader.ReadCount(); n > 0; n--)
            {
                task.Parked.Add(ReadTransfer(ref reader));
            }

            EnsureEnd(reader);
            return task;
        }
        catch (IndexOutOfRangeException e)
        {
            throw new InvalidDataException("aggregator task state is truncated", e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException("aggregator task state is truncated", e);
        }
    }

    private static void WriteTransfer(StateWriter writer, StateTransfer transfer)
    {
        writer.WriteString(transfer.TargetId);
        writer.WriteString(transfer.LoserId);
        writer.WriteVarLong(transfer.MergeSeq);
        writer.WriteVarLong(transfer.RouteSeq);
        WriteState(writer, transfer.Payload);
    }

    private static StateTransfer ReadTransfer(ref StateReader reader)
    {
        var target = reader.ReadRequiredString();
        var loser = reader.ReadRequiredString();
        var mergeSeq = reader.ReadVarLong();
        var routeSeq = reader.ReadVarLong();
        var payload = ReadState(ref reader);
        return new StateTransfer(target, loser, mergeSeq, routeSeq, payload);
    }

    public static StateTransfer DeserializeTransfer(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new StateReader(data);
            var format = reader.ReadByte();
            if (format != TransferFormat)
            {
                throw new InvalidDataException($"unknown state transfer format {format} (this build reads {TransferFormat})");
            }

            var transfer = ReadTransfer(ref reader);
            EnsureEnd(reader);
            return transfer;
        }
        catch (IndexOutOfRangeException e)
        {
            throw new InvalidDataException("state transfer is truncated", e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException("state transfer is truncated", e);
        }
    }

    private static StateWriter RentWriter()
    {
        var writer = t_writer ??= new StateWriter(4096);
        writer.Reset();
        return writer;
    }

    private static void EnsureEnd(StateReader reader)
    {
        if (!reader.AtEnd)
        {
            throw new InvalidDataException("trailing bytes after the customer state");
        }
    }

    private static void WriteState(StateWriter w, CustomerState state)
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

        w.WriteNullableDateTime(state.Acquisition.Ts);
        w.WriteShared(state.Acquisition.Source);

        w.WriteCount(state.Identifiers.Count);
        foreach (var identifier in state.Identifiers.Values)
        {
            w.WriteString(identifier.Identifier);
            w.WriteShared(identifier.SourceSystem);
            w.WriteDateTime(identifier.FirstSeenTs);
        }

        w.WriteCount(state.Records.Count);
        foreach (var r in state.Records.Values)
        {
            w.WriteShared(r.SourceSystem);
            w.WriteString(r.SourceCustomerId);
            w.WriteString(r.Email);
            w.WriteString(r.FirstName);
            w.WriteString(r.LastName);
            w.WriteString(r.Phone);
            w.WriteShared(r.Country);
            w.WriteShared(r.City);
            w.WriteNullableDateTime(r.CreatedAt);
            w.WriteDateTime(r.UpdatedAt);
            w.WriteByte((byte)r.Status);
            w.WriteBool(r.IsTest);
            w.WriteString(r.RecordHash);
        }

        w.WriteCount(state.Orders.Count);
        foreach (var o in state.Orders.Values)
        {
            w.WriteShared(o.SourceSystem);
            w.WriteString(o.OrderId);
            w.WriteDateTime(o.OrderTs);
            w.WriteDateTime(o.UpdatedAt);
            w.WriteByte((byte)o.Status);
            w.WriteDecimal(o.Amount);
            w.WriteShared(o.Currency);
            w.WriteShared(o.BusinessUnit);
            w.WriteShared(o.Category);
            w.WriteString(o.ProductId);
            w.WriteNullableInt(o.Quantity);
            w.WriteShared(o.CustomerEmail);
            w.WriteString(o.RecordHash);
        }

        w.WriteCount(state.WebEvents.Count);
        foreach (var e in state.WebEvents.Values)
        {
            w.WriteString(e.EventId);
            w.WriteVarLong(e.Seq);
            w.WriteDateTime(e.Ts);
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

    private static CustomerState ReadState(ref StateReader r)
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

        var acquisitionTs = r.ReadNullableDateTime();
        var acquisitionSource = r.ReadShared();
        state.Acquisition = acquisitionTs is null && acquisitionSource is null ? Acquisition.None : new Acquisition(acquisitionTs, acquisitionSource);

        var identifiers = r.ReadCount();
        state.ReserveForLoad(0, 0, 0, identifiers);
        for (var n = identifiers; n > 0; n--)
        {
            state.LoadIdentifier(new IdentifierEntry(r.ReadRequiredString(), r.ReadShared(), r.ReadDateTime()));
        }

        var records = r.ReadCount();
        state.ReserveForLoad(records, 0, 0, 0);
        for (var n = records; n > 0; n--)
        {
            state.LoadRecord(new MasterRecord(
                SourceSystem: r.ReadRequiredShared(),
                SourceCustomerId: r.ReadRequiredString(),
                Email: r.ReadString(),
                FirstName: r.ReadString(),
                LastName: r.ReadString(),
                Phone: r.ReadString(),
                Country: r.ReadShared(),
                City: r.ReadShared(),
                CreatedAt: r.ReadNullableDateTime(),
                UpdatedAt: r.ReadDateTime(),
                Status: (CustomerStatus)r.ReadByte(),
                IsTest: r.ReadBool(),
                RecordHash: r.ReadRequiredString()));
        }

        var orders = r.ReadCount();
        state.ReserveForLoad(0, orders, 0, 0);
        for (var n = orders; n > 0; n--)
        {
            state.LoadOrder(new OrderVersion(
                SourceSystem: r.ReadRequiredShared(),
                OrderId: r.ReadRequiredString(),
                OrderTs: r.ReadDateTime(),
                UpdatedAt: r.ReadDateTime(),
                Status: (OrderStatus)r.ReadByte(),
                Amount: r.ReadDecimal(),
                Currency: r.ReadRequiredShared(),
                BusinessUnit: r.ReadRequiredShared(),
                Category: r.ReadShared(),
                ProductId: r.ReadString(),
                Quantity: r.ReadNullableInt(),
                CustomerEmail: r.ReadShared(),
                RecordHash: r.ReadRequiredString()));
        }

        var webEvents = r.ReadCount();
        state.ReserveForLoad(0, 0, webEvents, 0);
        for (var n = webEvents; n > 0; n--)
        {
            var eventId = r.ReadRequiredString();
            var seq = r.ReadVarLong();
            var ts = r.ReadDateTime();
            state.LoadWeb(r.ReadBool()
                ? new WebEventEntry(eventId, seq, true, ts, r.ReadShared(), r.ReadShared(), r.ReadShared())
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
        w.WriteNullableDateTime(s.AcquisitionTs);
        w.WriteShared(s.AcquisitionSource);
        w.WriteShared(s.Email);
        w.WriteString(s.FirstName);
        w.WriteString(s.LastName);
        w.WriteString(s.Phone);
        w.WriteShared(s.Country);
        w.WriteShared(s.City);
        w.WriteCount(s.Identifiers.Count);
        foreach (var identifier in s.Identifiers)
        {
            w.WriteString(identifier);
        }

        w.WriteDecimal(s.LifetimeValue);
        w.WriteVarLong(s.TotalTransactions);
        w.WriteDecimal(s.RefundedAmount);
        w.WriteNullableDateTime(s.FirstTransactionTs);
        w.WriteNullableDateTime(s.LastTransactionTs);
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
        var acquisitionTs = r.ReadNullableDateTime();
        var acquisitionSource = r.ReadShared();
        var email = r.ReadShared();
        var firstName = r.ReadString();
        var lastName = r.ReadString();
        var phone = r.ReadString();
        var country = r.ReadShared();
        var city = r.ReadShared();
        var count = r.ReadCount();
        var identifiers = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            identifiers.Add(r.ReadRequiredString());
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
            FirstTransactionTs = r.ReadNullableDateTime(),
            LastTransactionTs = r.ReadNullableDateTime(),
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
