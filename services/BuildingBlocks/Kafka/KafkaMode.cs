namespace CustomerStream.Kafka;

/// <summary>Which kind of Kafka cluster the services talk to. Only topic creation differs between the two.</summary>
public enum KafkaMode
{
    /// <summary>A real Apache Kafka (or compatible) cluster; topics are created with the Admin API.</summary>
    External,

    /// <summary>
    /// librdkafka's mock cluster (<see cref="Embedded.EmbeddedKafkaCluster"/>), either in this process or in
    /// the <c>customerstream up</c> process, whose loopback admin endpoint (<see cref="KafkaOptions.AdminUrl"/>)
    /// creates topics because the mock has no CreateTopics API.
    /// </summary>
    Embedded,
}
