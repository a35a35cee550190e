using System.Net;
using System.Text;
using CustomerStream.Generation;
using CustomerStream.ServiceDefaults;
using Xunit.Abstractions;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// A stack started with `up`, fed by other processes the way a data engineer would: `ingest` per file and
/// the ingest HTTP API; then `audit customers` and `profile` read the settled marts.
/// </summary>
public sealed class UpIngestTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly CliHome _home = new("cs-up-ingest-");

    public Task InitializeAsync() => _home.InitializeAsync();

    public Task DisposeAsync() => _home.DisposeAsync();

    [Fact]
    public async Task Files_sent_with_ingest_and_records_posted_to_the_api_reach_the_marts_of_a_running_stack()
    {
        var environment = UpProcess.Environment(_home.ConnectionString);
        var input = Path.Combine(_home.Path, "input");
        var sample = await new SampleGenerator().GenerateAsync(new GeneratorOptions { Customers = 120, Months = 4, Seed = 9 }, input);
        var truth = await GroundTruth.LoadAsync(sample.GroundTruthPath);

        using var up = CliProcess.Start(_home.Path, environment, "up");
        try
        {
            await UpProcess.WaitUntilRunningAsync(up);
            foreach (var file in sample.Files)
            {
                using var ingest = CliProcess.Start(_home.Path, environment, "ingest", file.Entity, Path.Combine(input, file.Name));
                var exitCode = await ingest.WaitForExitAsync(TimeSpan.FromMinutes(2));
                Assert.True(exitCode == 0, $"ingest {file.Name} exited with {exitCode}: {string.Join('\n', ingest.Output.Concat(ingest.Error))}");
                Assert.Contains(ingest.Output, l => l.StartsWith($"{file.Name} → ", StringComparison.Ordinal) && l.Contains($": {file.Records:N0} records", StringComparison.Ordinal));
            }

            // One more customer through the HTTP API; a bad record beside it is refused with its reason.
            var apiUrl = up.Output.Select(l => l.Trim()).First(l => l.StartsWith("ingest API", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[2].Split("/v1/")[0];
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, apiUrl + "/v1/customers")
            {
                Content = new StringContent(
                    """[{"source_system":"crm","source_customer_id":"API-1","email":"api.person@example.com","created_at":"2025-03-01T10:00:00Z","status":"active"},{"source_system":"crm"}]""",
                    Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Api-Key", "0123456789abcdef-test-key");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("missing_field", await response.Content.ReadAsStringAsync());

            var expected = truth.Totals.Visible + 1;
            await UpProcess.UntilAsync(() => AuditSays(expected), up, TimeSpan.FromMinutes(3));
            using var profile = CliProcess.Start(_home.Path, environment, "profile", "api.person@example.com");
            Assert.Equal(0, await profile.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains(profile.Output, l => l.Contains("crm:API-1", StringComparison.Ordinal));

            up.Terminate();
            Assert.Equal(0, await up.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains("customerstream up: stopped cleanly.", up.Output);
        }
        finally
        {
            foreach (var line in up.Output.Concat(up.Error))
            {
                output.WriteLine(line);
            }
        }

        bool AuditSays(int customers)
        {
            using var audit = CliProcess.Start(_home.Path, environment, "audit", "customers");
            return audit.WaitForExitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult() == 0
                   && audit.Output.Any(l => l == $"Customers: {customers:N0}" || l.StartsWith($"Customers: {customers:N0} ", StringComparison.Ordinal));
        }
    }
}
