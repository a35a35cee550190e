using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace CustomerStream.Kafka.Embedded;

/// <summary>
/// A Kafka-protocol cluster inside this process: librdkafka's mock cluster, reached through P/Invoke.
/// Its brokers listen on 127.0.0.1, so any Kafka client on the machine (in this process or another,
/// any language) can connect to <see cref="BootstrapServers"/>. Everything lives in memory and ends
/// with the process: no compaction, no retention, no transactions, no CreateTopics admin API
/// (topics are created with <see cref="CreateTopic"/>).
/// </summary>
public sealed class EmbeddedKafkaCluster : IDisposable
{
    private readonly Lock _gate = new();
    private IntPtr _handle;
    private IntPtr _cluster;

    private EmbeddedKafkaCluster(IntPtr handle, IntPtr cluster, int brokerCount, string bootstrapServers)
    {
        _handle = handle;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>Comma-separated <c>host:port</c> list of the brokers, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers; broker ids run from 1 to this number.</summary>
    public int BrokerCount { get; }

    /// <summary>Starts a cluster with <paramref name="brokerCount"/> brokers on ephemeral loopback ports.</summary>
    /// <exception cref="EmbeddedKafkaException">librdkafka could not be loaded or the cluster could not start.</exception>
    public static EmbeddedKafkaCluster Start(int brokerCount = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        LibrdkafkaNative.EnsureResolver();

        IntPtr conf;
        try
        {
            conf = LibrdkafkaNative.rd_kafka_conf_new();
        }
        catch (DllNotFoundException e)
        {
            throw new EmbeddedKafkaException(
                "librdkafka could not be loaded; it ships with the Confluent.Kafka package (runtimes/<rid>/native).", e);
        }

        var errstr = new byte[512];
        // The handle only owns the mock cluster; keep it quiet and give it no brokers of its own.
        SetConf(conf, "log_level", "0", errstr);
        SetConf(conf, "client.id", "customerstream-embedded-kafka", errstr);
        var rk = LibrdkafkaNative.rd_kafka_new(LibrdkafkaNative.ProducerType, conf, errstr, (nuint)errstr.Length);
        if (rk == IntPtr.Zero)
        {
            throw new EmbeddedKafkaException($"rd_kafka_new failed: {ReadError(errstr)}");
        }

        var cluster = LibrdkafkaNative.rd_kafka_mock_cluster_new(rk, brokerCount);
        if (cluster == IntPtr.Zero)
        {
            LibrdkafkaNative.rd_kafka_destroy(rk);
            throw new EmbeddedKafkaException("rd_kafka_mock_cluster_new failed (could the loopback ports be bound?)");
        }

        var bootstraps = Marshal.PtrToStringUTF8(LibrdkafkaNative.rd_kafka_mock_cluster_bootstraps(cluster)) ?? "";
        return new EmbeddedKafkaCluster(rk, cluster, brokerCount, bootstraps);
    }

    /// <summary>
    /// Creates a topic. Returns <c>false</c> when it already exists (with whatever partition count it
    /// has), so calling it again is harmless.
    /// </summary>
    public bool CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        replicationFactor = Math.Clamp(replicationFactor, 1, BrokerCount);
        var err = Call(c => LibrdkafkaNative.rd_kafka_mock_topic_create(c, name, partitions, replicationFactor));
        if (err == (int)ErrorCode.TopicAlreadyExists)
        {
            return false;
        }

        ThrowIfError(err, $"create topic '{name}'");
        return true;
    }

    /// <summary>Takes a broker off the network: its connections drop and new ones are refused.</summary>
    public void SetBrokerDown(int brokerId) =>
        ThrowIfError(Call(c => LibrdkafkaNative.rd_kafka_mock_broker_set_down(c, brokerId)), $"set broker {brokerId} down");

    /// <summary>Brings a broker set down with <see cref="SetBrokerDown"/> back.</summary>
    public void SetBrokerUp(int brokerId) =>
        ThrowIfError(Call(c => LibrdkafkaNative.rd_kafka_mock_broker_set_up(c, brokerId)), $"set broker {brokerId} up");

    /// <summary>Delays every response of a broker by <paramref name="roundTripTime"/> (zero to clear).</summary>
    public void SetBrokerRoundTripTime(int brokerId, TimeSpan roundTripTime) =>
        ThrowIfError(
            Call(c => LibrdkafkaNative.rd_kafka_mock_broker_set_rtt(c, brokerId, (int)roundTripTime.TotalMilliseconds)),
            $"set broker {brokerId} round-trip time");

    /// <summary>
    /// Makes the next requests of type <paramref name="apiKey"/>, on any broker, fail with the given
    /// errors, one error per request, in order.
    /// </summary>
    public void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Length == 0)
        {
            return;
        }

        var codes = errors.Select(e => (int)e).ToArray();
        Call(c =>
        {
            LibrdkafkaNative.rd_kafka_mock_push_request_errors_array(c, (short)apiKey, (nuint)codes.Length, codes);
            return 0;
        });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != IntPtr.Zero)
            {
                LibrdkafkaNative.rd_kafka_mock_cluster_destroy(_cluster);
                _cluster = IntPtr.Zero;
            }

            if (_handle != IntPtr.Zero)
            {
                LibrdkafkaNative.rd_kafka_destroy(_handle);
                _handle = IntPtr.Zero;
            }
        }
    }

    private int Call(Func<IntPtr, int> call)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
            return call(_cluster);
        }
    }

    private static void ThrowIfError(int err, string what)
    {
        if (err != 0)
        {
            throw new EmbeddedKafkaException($"Embedded Kafka could not {what}: {LibrdkafkaNative.ErrorText(err)} ({(ErrorCode)err})");
        }
    }

    private static void SetConf(IntPtr conf, string name, string value, byte[] errstr)
    {
        if (LibrdkafkaNative.rd_kafka_conf_set(conf, name, value, errstr, (nuint)errstr.Length) != 0)
        {
            throw new EmbeddedKafkaException($"rd_kafka_conf_set {name}={value} failed: {ReadError(errstr)}");
        }
    }

    private static string ReadError(byte[] errstr)
    {
        var end = Array.IndexOf(errstr, (byte)0);
        return Encoding.UTF8.GetString(errstr, 0, end < 0 ? errstr.Length : end);
    }
}
