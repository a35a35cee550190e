using System.Reflection;
using System.Runtime.InteropServices;

namespace CustomerStream.Kafka.Embedded;

/// <summary>
/// P/Invoke declarations for the parts of librdkafka's C API that Confluent.Kafka does not expose:
/// the mock cluster and its fault injection. The library name resolves to the same native file that
/// Confluent.Kafka loads, so both share one librdkafka in the process.
/// </summary>
internal static partial class LibrdkafkaNative
{
    private const string Library = "librdkafka";

    internal const int ProducerType = 0;

    static LibrdkafkaNative()
    {
        NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaNative).Assembly, Resolve);
    }

    /// <summary>Forces the static constructor (and so the resolver) to run before the first call.</summary>
    internal static void EnsureResolver() { }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in Candidates())
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        // Let the runtime try its default probing (e.g. a system-wide librdkafka.so.1).
        return NativeLibrary.TryLoad("librdkafka.so.1", out var system) ? system : IntPtr.Zero;
    }

    private static IEnumerable<string> Candidates()
    {
        var baseDirs = new[]
        {
            AppContext.BaseDirectory,
            Path.GetDirectoryName(typeof(Confluent.Kafka.Library).Assembly.Location) ?? AppContext.BaseDirectory,
        };
        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        foreach (var dir in baseDirs.Distinct())
        {
            var native = Path.Combine(dir, "runtimes", rid, "native");
            // Debian 12 lacks libsasl2.so.3, which the default build needs; the centos8 build does not.
            yield return Path.Combine(native, "centos8-librdkafka.so");
            yield return Path.Combine(native, "librdkafka.so");
            yield return Path.Combine(dir, "librdkafka.so");
        }
    }

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library)]
    internal static partial IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(Library)]
    internal static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_cluster_destroy(IntPtr mcluster);

    [LibraryImport(Library)]
    internal static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_topic_create(IntPtr mcluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Library)]
    internal static partial int rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

    [LibraryImport(Library)]
    internal static partial int rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);

    [LibraryImport(Library)]
    internal static partial int rd_kafka_mock_broker_set_rtt(IntPtr mcluster, int brokerId, int rttMs);

    [LibraryImport(Library)]
    internal static partial void rd_kafka_mock_push_request_errors_array(IntPtr mcluster, short apiKey, nuint count, int[] errors);

    [LibraryImport(Library)]
    internal static partial IntPtr rd_kafka_err2str(int err);

    internal static string ErrorText(int err) => Marshal.PtrToStringUTF8(rd_kafka_err2str(err)) ?? $"error {err}";
}
