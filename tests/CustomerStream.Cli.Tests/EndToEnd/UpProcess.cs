namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>`customerstream up` as the end-to-end tests run it: a database of the test's own, the ingest API on a free port with a test key.</summary>
internal static class UpProcess
{
    public const string ApiKey = "0123456789abcdef-test-key";

    /// <summary>The environment of `up` and of the commands run beside it.</summary>
    public static Dictionary<string, string?> Environment(string connectionString) => new()
    {
        ["CS_POSTGRES"] = connectionString,
        ["Ingest__Api__Url"] = "http://127.0.0.1:0",
        ["Ingest__Api__ApiKeys__0"] = ApiKey,
    };

    /// <summary>Waits until `up` says the stack runs (infrastructure and services started).</summary>
    public static Task WaitUntilRunningAsync(CliProcess up) =>
        UntilAsync(() => up.Output.Contains("Press Ctrl-C to stop."), up, TimeSpan.FromSeconds(90));

    /// <summary>Waits until <paramref name="condition"/> holds; fails on timeout, or when the process stops first (with its output).</summary>
    public static async Task UntilAsync(Func<bool> condition, CliProcess process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            Assert.False(process.HasExited, $"the process stopped early: {string.Join('\n', process.Output.Concat(process.Error))}");
            await Task.Delay(200);
        }
    }
}
