namespace CustomerStream.Kafka.Inspection;

/// <summary>Records a consumer group never got because retention removed them first.</summary>
/// <param name="Topic">Topic name.</param>
/// <param name="Partition">Partition id.</param>
/// <param name="Group">Consumer group id.</param>
/// <param name="Records">How many records it lost.</param>
public sealed record RetentionLoss(string Topic, int Partition, string Group, long Records)
{
    /// <summary>One line, e.g. <c>topic ingest.orders.v1 partition 3 lost 1,200 records to retention before group g read them</c>.</summary>
    public override string ToString() =>
        $"topic {Topic} partition {Partition} lost {Records:N0} records to retention before group {Group} read them";
}
