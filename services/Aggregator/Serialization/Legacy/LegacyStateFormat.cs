using CustomerStream.Aggregator.Domain;
using CustomerStream.Contracts.Aggregate;
using CustomerStream.Contracts.Customer;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Aggregator.Serialization.Legacy;

/// <summary>
/// Reads the aggregator state written by the releases before the Avro state encoding: version byte 1 or 2, then a
/// hand-written binary layout (bookkeeping, acquisition, identifiers, records, orders, web events, the last summary).
/// Read only: a value read here is written back in the current encoding the next time it changes.
/// </summary>
/// <remarks>
/// Version 2: instants as seconds or milliseconds since 1970 when exact (ticks otherwise), record hashes of 64
/// lower-case hex digits as their 32 bytes, and the strings a summary repeats through the per-state string table.
/// Version 1 stored instants as ticks and those strings inline.
/// </remarks>
internal static class LegacyStateFormat
{
    public const byte OldestVersion = 1;

    public const byte LatestVersion = 2;

    public static bool Handles(byte version) => version is >= OldestVersion and <= LatestVersion;

    public static CustomerState DecodeState(ReadOnlySpan<byte> data) => Decode(data, "customer state", static (ref LegacyStateReader r) => ReadState(ref r));

    public static StateTransfer DecodeTransfer(ReadOnlySpan<byte> data) => Decode(data, "state transfer", ReadTransfer);

    public static AggregatorTaskState DecodeTaskState(ReadOnlySpan<byte> data) => Decode(data, "aggregator task state", static (ref LegacyStateReader r) =>
    {
        var task = new AggregatorTaskState { FactWatermark = r.ReadVarLong(), Batches = r.ReadVarLong() };
        for (var n = r.ReadCount(); n > 0; n--)
        {
            task.Parked.Add(ReadTransfer(ref r));
        }

        return task;
    });

    private delegate T Reader<out T>(ref LegacyStateReader reader);

    private static T Decode<T>(ReadOnlySpan<byte> data, string what, Reader<T> read)
    {
        try
        {
            var reader = new LegacyStateReader(data[1..], data[0]);
            var value = read(ref reader);
            if (!reader.AtEnd)
            {
                throw new InvalidDataException($"trailing bytes after the {what} (format {data[0]})");
            }

            return value;
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"{what} (format {data[0]}) is truncated", e);
        }
    }

    private static StateTransfer ReadTransfer(ref LegacyStateReader reader)
    {
        var target = reader.ReadRequiredString();
        var loser = reader.ReadRequiredString();
        var mergeSeq = reader.ReadVarLong();
        var routeSeq = reader.ReadVarLong();
        var payload = ReadState(ref reader);
        return new StateTransfer(target, loser, mergeSeq, routeSeq, payload);
    }

    private static CustomerState ReadState(ref LegacyStateReader r)
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
        var acquisitionSource = r.ReadShared();
        state.Acquisition = acquisitionTs is null && acquisitionSource is null ? Acquisition.None : new Acquisition(acquisitionTs, acquisitionSource);

        var identifiers = r.ReadCount();
        state.ReserveForLoad(0, 0, 0, identifiers);
        for (var n = identifiers; n > 0; n--)
        {
            state.LoadIdentifier(new IdentifierEntry(r.ReadRequiredText(), r.ReadShared(), r.ReadTime()));
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
                Country: r.ReadShared(),
                City: r.ReadShared(),
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
                Category: r.ReadShared(),
                ProductId: r.ReadString(),
                Quantity: r.ReadNullableInt(),
                CustomerEmail: r.ReadShared(),
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
                ? new WebEventEntry(eventId, seq, true, ts, r.ReadShared(), r.ReadShared(), r.ReadShared())
                : WebEventEntry.Absent(eventId, seq, ts));
        }

        state.LastSummary = ReadSummary(ref r);
        return state;
    }

    private static CustomerSummary? ReadSummary(ref LegacyStateReader r)
    {
        if (!r.ReadBool())
        {
            return null;
        }

        var visibility = (VisibilityStatus)r.ReadByte();
        var acquisitionTs = r.ReadNullableTime();
        var acquisitionSource = r.ReadShared();
        var email = r.ReadShared();
        var firstName = r.ReadText();
        var lastName = r.ReadText();
        var phone = r.ReadText();
        var country = r.ReadShared();
        var city = r.ReadShared();
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
