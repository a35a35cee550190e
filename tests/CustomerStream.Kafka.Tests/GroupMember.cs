using System.Collections.Concurrent;
using Confluent.Kafka;

namespace CustomerStream.Kafka.Tests;

/// <summary>
/// A consumer-group member polling on its own thread the way a service does: it records each message and
/// commits it right after, so whatever it had not committed when it left is redelivered to the survivor.
/// </summary>
internal sealed class GroupMember : IDisposable
{
    private readonly IConsumer<string, string> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly ConcurrentQueue<int> _received = new();
    private volatile IReadOnlyList<int> _assigned = [];

    private GroupMember(IConsumer<string, string> consumer, string topic)
    {
        _consumer = consumer;
        _consumer.Subscribe(topic);
        _thread = new Thread(Poll) { IsBackground = true, Name = "group-member" };
    }

    public IReadOnlyList<int> Assigned => _assigned;

    public IReadOnlyCollection<int> Received => _received;

    public static GroupMember Start(KafkaClientFactory clients, string group, string topic, string name)
    {
        GroupMember? member = null;
        var consumer = clients.CreateConsumerBuilder<string, string>(clients.CreateConsumerConfig(group, name))
            .SetPartitionsAssignedHandler((_, partitions) => member!._assigned = partitions.Select(p => p.Partition.Value).Order().ToList())
            .SetPartitionsRevokedHandler((_, _) => member!._assigned = [])
            .SetPartitionsLostHandler((_, _) => member!._assigned = [])
            .Build();
        member = new GroupMember(consumer, topic);
        member._thread.Start();
        return member;
    }

    /// <summary>Stops polling and leaves the group cleanly, as a service does on shutdown.</summary>
    public void Leave()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _thread.Join();
        _consumer.Close();
    }

    public void Dispose()
    {
        Leave();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Poll()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (_consumer.Consume(TimeSpan.FromMilliseconds(50)) is { } result)
            {
                _received.Enqueue(int.Parse(result.Message.Value));
                try
                {
                    _consumer.Commit(result);
                }
                catch (KafkaException e) when (e.Error.Code is ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId)
                {
                    // The group is rebalancing under a busy machine: the next commit (of a later offset)
                    // covers this one, or the partition's next owner gets the record again, as in production.
                }
            }
        }
    }
}
