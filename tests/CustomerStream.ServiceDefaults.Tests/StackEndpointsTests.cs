using System.Diagnostics;
using System.Text.Json;
using CustomerStream.Testing;

namespace CustomerStream.ServiceDefaults.Tests;

public sealed class StackEndpointsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new("cs-endpoints-");

    private string Home => _directory.Path;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_file_has_exactly_the_documented_keys_with_null_for_what_is_not_running()
    {
        var path = StackEndpoints.PathUnder(Home);
        await new StackEndpoints { KafkaBootstrap = "127.0.0.1:1", Postgres = "Host=h" }.WriteAsync(path, CancellationToken.None);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));

        Assert.Equal(
            ["console_url", "http", "ingest_api_key", "kafka_admin_url", "kafka_bootstrap", "kafka_mode", "pid", "postgres", "read_api_key", "schema_registry_url", "started_at"],
            json.RootElement.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("schema_registry_url").ValueKind);
        Assert.Equal(Path.Combine(Home, ".customerstream", "endpoints.json"), path);
        Assert.Equal(["endpoints.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task What_is_written_is_read_back()
    {
        var path = StackEndpoints.PathUnder(Home);
        var written = new StackEndpoints
        {
            KafkaBootstrap = "127.0.0.1:1,127.0.0.1:2",
            KafkaAdminUrl = "http://127.0.0.1:3/admin/kafka",
            SchemaRegistryUrl = "http://127.0.0.1:4",
            Postgres = "Host=127.0.0.1;Password=p",
            Http = "http://127.0.0.1:3",
            ConsoleUrl = "http://127.0.0.1:3/console",
            ReadApiKey = "0123456789abcdef0123",
        };
        await written.WriteAsync(path, CancellationToken.None);

        Assert.Equal(written, await StackEndpoints.ReadAsync(path, CancellationToken.None));
    }

    [Fact]
    public async Task No_file_reads_as_no_stack_and_a_damaged_file_says_so()
    {
        var path = StackEndpoints.PathUnder(Home);
        Assert.Null(await StackEndpoints.ReadAsync(path, CancellationToken.None));

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "{ not json");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => StackEndpoints.ReadAsync(path, CancellationToken.None));
        Assert.Contains("not a valid endpoints file", error.Message);
    }

    [Fact]
    public void A_file_of_a_running_process_is_live_and_one_of_an_ended_or_later_process_is_stale()
    {
        using var ended = Process.Start(new ProcessStartInfo("true"))!;
        ended.WaitForExit();
        var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();

        Assert.True(new StackEndpoints { KafkaBootstrap = "b", StartedAt = started.AddSeconds(5) }.IsOwnerRunning());
        Assert.False(new StackEndpoints { KafkaBootstrap = "b", Pid = ended.Id }.IsOwnerRunning());
        // Same pid, but the process started after the stack did: the pid was reused.
        Assert.False(new StackEndpoints { KafkaBootstrap = "b", StartedAt = started.AddHours(-1) }.IsOwnerRunning());
    }
}
