using CustomerStream.Aggregator.Domain;

namespace CustomerStream.Aggregator.Serialization;

/// <summary>
/// The stored form of a <see cref="CustomerState"/> (state store values, changelog records), of a
/// <see cref="StateTransfer"/> (the transfer topic) and of an <see cref="AggregatorTaskState"/>: a
/// hand-written binary format (<see cref="StateFormat"/>) whose first byte is the format version. This
/// build writes <see cref="Version"/> and reads every version since the first, so a store or a transfer
/// written by an older release is still read. Derived figures are not stored.
/// </summary>
public static class CustomerStateSerializer
{
    /// <summary>The version this build writes (states, transfers and task states alike).</summary>
    public const byte Version = 2;

    /// <summary>The oldest version this build reads.</summary>
    public const byte OldestReadable = 1;

    [ThreadStatic]
    private static StateWriter? t_writer;

    [ThreadStatic]
    private static List<string>? t_table;

    public static byte[] Serialize(CustomerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var writer = RentWriter();
        StateFormat.WriteState(writer, state);
        return writer.ToArray();
    }

    public static CustomerState Deserialize(ReadOnlySpan<byte> data) => Read(data, "customer state", static (ref StateReader r) => StateFormat.ReadState(ref r));

    public static byte[] SerializeTransfer(StateTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var writer = RentWriter();
        WriteTransfer(writer, transfer);
        return writer.ToArray();
    }

    public static StateTransfer DeserializeTransfer(ReadOnlySpan<byte> data) => Read(data, "state transfer", ReadTransfer);

    public static byte[] SerializeTaskState(AggregatorTaskState task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var writer = RentWriter();
        writer.WriteVarLong(task.FactWatermark);
        writer.WriteVarLong(task.Batches);
        writer.WriteCount(task.Parked.Count);
        foreach (var transfer in task.Parked)
        {
            WriteTransfer(writer, transfer);
        }

        return writer.ToArray();
    }

    public static AggregatorTaskState DeserializeTaskState(ReadOnlySpan<byte> data) => Read(data, "aggregator task state", static (ref StateReader r) =>
    {
        var task = new AggregatorTaskState { FactWatermark = r.ReadVarLong(), Batches = r.ReadVarLong() };
        for (var n = r.ReadCount(); n > 0; n--)
        {
            task.Parked.Add(ReadTransfer(ref r));
        }

        return task;
    });

    private static void WriteTransfer(StateWriter writer, StateTransfer transfer)
    {
        writer.WriteString(transfer.TargetId);
        writer.WriteString(transfer.LoserId);
        writer.WriteVarLong(transfer.MergeSeq);
        writer.WriteVarLong(transfer.RouteSeq);
        StateFormat.WriteState(writer, transfer.Payload);
    }

    private static StateTransfer ReadTransfer(ref StateReader reader)
    {
        var target = reader.ReadRequiredString();
        var loser = reader.ReadRequiredString();
        var mergeSeq = reader.ReadVarLong();
        var routeSeq = reader.ReadVarLong();
        var payload = StateFormat.ReadState(ref reader);
        return new StateTransfer(target, loser, mergeSeq, routeSeq, payload);
    }

    private delegate T Reader<out T>(ref StateReader reader);

    private static T Read<T>(ReadOnlySpan<byte> data, string what, Reader<T> read)
    {
        if (data.IsEmpty)
        {
            throw new InvalidDataException($"{what} is empty");
        }

        var version = data[0];
        if (version is < OldestReadable or > Version)
        {
            throw new InvalidDataException($"unknown {what} format {version} (this build reads {OldestReadable} to {Version})");
        }

        var table = t_table ??= [];
        table.Clear();
        try
        {
            var reader = new StateReader(data[1..], table, version);
            var value = read(ref reader);
            if (!reader.AtEnd)
            {
                throw new InvalidDataException($"trailing bytes after the {what}");
            }

            return value;
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"{what} is truncated", e);
        }
    }

    private static StateWriter RentWriter()
    {
        var writer = t_writer ??= new StateWriter(4096);
        writer.Reset();
        writer.WriteByte(Version);
        return writer;
    }
}
