using Avro;
using CustomerStream.Aggregator.Domain;
using CustomerStream.Aggregator.Serialization.Legacy;
using CustomerStream.Aggregator.Serialization.Stored;
using CustomerStream.SchemaRegistry.Codec;

namespace CustomerStream.Aggregator.Serialization;

/// <summary>
/// The stored form of a <see cref="CustomerState"/> (state store values, changelog records), of a
/// <see cref="StateTransfer"/> (the transfer topic) and of an <see cref="AggregatorTaskState"/>: the project's
/// state encoding (<see cref="VersionedAvroEncoding{T}"/>: a version byte, then Avro binary) with the schema in
/// <c>Schemas/</c>. Version bytes 1 and 2 are the hand-written format of earlier releases, still read
/// (<see cref="LegacyStateFormat"/>), so a store or a transfer written before the upgrade is not lost. Derived
/// figures are not stored.
/// </summary>
public static class CustomerStateSerializer
{
    /// <summary>The version byte this build writes (states, transfers and task states alike).</summary>
    public const byte Version = FirstAvroVersion + ReleasedSchemas - 1;

    private const byte FirstAvroVersion = LegacyStateFormat.LatestVersion + 1;
    private const int ReleasedSchemas = 1;

    private static readonly RecordSchema[] TaskSchemas = LoadSchemas();
    private static readonly RecordSchema[] TransferSchemas = TaskSchemas.Select(t => (RecordSchema)((ArraySchema)Field(t, "parked")).ItemSchema).ToArray();
    private static readonly RecordSchema[] StateSchemas = TransferSchemas.Select(t => (RecordSchema)Field(t, "payload")).ToArray();

    private static readonly (VersionedAvroEncoding<StoredCustomerState> States, VersionedAvroEncoding<StoredTransfer> Transfers, VersionedAvroEncoding<StoredTaskState> Tasks) Encodings = (
        new VersionedAvroEncoding<StoredCustomerState>(StateSchemas, FirstAvroVersion),
        new VersionedAvroEncoding<StoredTransfer>(TransferSchemas, FirstAvroVersion),
        new VersionedAvroEncoding<StoredTaskState>(TaskSchemas, FirstAvroVersion));

    /// <summary>The schema of a customer state this build writes (the <c>CustomerState</c> record of the current schema file).</summary>
    internal static RecordSchema CurrentStateSchema => StateSchemas[^1];

    public static byte[] Serialize(CustomerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Encodings.States.Encode(StoredForm.Of(state));
    }

    /// <exception cref="InvalidDataException">Not a customer state of a version this build reads.</exception>
    public static CustomerState Deserialize(ReadOnlySpan<byte> data) =>
        IsLegacy(data) ? LegacyStateFormat.DecodeState(data) : StoredForm.ToState(Decode(Encodings.States, data, "customer state"));

    public static byte[] SerializeTransfer(StateTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return Encodings.Transfers.Encode(StoredForm.Of(transfer));
    }

    /// <exception cref="InvalidDataException">Not a state transfer of a version this build reads.</exception>
    public static StateTransfer DeserializeTransfer(ReadOnlySpan<byte> data) =>
        IsLegacy(data) ? LegacyStateFormat.DecodeTransfer(data) : StoredForm.ToTransfer(Decode(Encodings.Transfers, data, "state transfer"));

    public static byte[] SerializeTaskState(AggregatorTaskState task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Encodings.Tasks.Encode(StoredForm.Of(task));
    }

    /// <exception cref="InvalidDataException">Not an aggregator task state of a version this build reads.</exception>
    public static AggregatorTaskState DeserializeTaskState(ReadOnlySpan<byte> data) =>
        IsLegacy(data) ? LegacyStateFormat.DecodeTaskState(data) : StoredForm.ToTaskState(Decode(Encodings.Tasks, data, "aggregator task state"));

    private static bool IsLegacy(ReadOnlySpan<byte> data) => !data.IsEmpty && LegacyStateFormat.Handles(data[0]);

    // One exception type for every undecodable value, whichever format it claims: callers dead-letter it.
    private static T Decode<T>(VersionedAvroEncoding<T> encoding, ReadOnlySpan<byte> data, string what)
    {
        try
        {
            return encoding.Decode(data);
        }
        catch (AvroDataException e)
        {
            throw new InvalidDataException($"{what}: {e.Message}", e);
        }
    }

    /// <summary>
    /// One schema file per version declares the three records (a task state holds transfers, a transfer holds a
    /// customer state): the transfer and customer encodings take the nested records, so each field is declared once.
    /// </summary>
    private static RecordSchema[] LoadSchemas()
    {
        var tasks = new RecordSchema[ReleasedSchemas];
        for (var i = 0; i < ReleasedSchemas; i++)
        {
            var resource = $"aggregator-state/customerstream.aggregator.state.AggregatorTaskState.v{FirstAvroVersion + i}.avsc";
            using var stream = typeof(CustomerStateSerializer).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"The aggregator state schema {resource} is not embedded.");
            using var reader = new StreamReader(stream);
            tasks[i] = (RecordSchema)Schema.Parse(reader.ReadToEnd());
        }

        return tasks;
    }

    private static Schema Field(RecordSchema record, string name) =>
        record.Fields.Single(f => f.Name == name).Schema;
}
