using CustomerStream.Generation;
using CustomerStream.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// `up` with RabbitMQ configured (<c>CS_RABBITMQ</c>) runs the bridge next to the other services: a .NET service
/// subscribed with MassTransit receives the customers of files sent with `ingest`.
/// </summary>
public sealed class UpBridgeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly PostgresDatabaseFixture _database = new();
    private readonly RabbitMqVirtualHost _virtualHost = new();
    private readonly TemporaryDirectory _home = new("cs-up-bridge-");

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _virtualHost.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await _database.DisposeAsync();
        await _virtualHost.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Up_with_RabbitMQ_configured_publishes_every_customer_to_MassTransit_subscribers()
    {
        var input = Path.Combine(_home.Path, "input");
        var sample = await new SampleGenerator().GenerateAsync(new GeneratorOptions { Customers = 60, Months = 3, Seed = 5 }, input);
        var truth = await GroundTruth.LoadAsync(sample.GroundTruthPath);

        // The subscriber's queue exists before anything is published: an exchange without a bound queue keeps nothing.
        using var subscriber = await StartSubscriberAsync();
        var latest = ProfileSubscriber.Latest;

        var environment = new Dictionary<string, string?>
        {
            ["CS_POSTGRES"] = _database.ConnectionString,
            ["CS_RABBITMQ"] = _virtualHost.Uri,
            ["Ingest__Api__Url"] = "http://127.0.0.1:0",
        };
        using var up = CliProcess.Start(_home.Path, environment, "up");
        try
        {
            await UntilAsync(() => up.Output.Contains("Press Ctrl-C to stop."), up, TimeSpan.FromSeconds(90));
            Assert.Contains(up.Output, l => l.Trim().StartsWith("bridge", StringComparison.Ordinal) && l.Contains($"/{_virtualHost.Name}", StringComparison.Ordinal));
            Assert.DoesNotContain(up.Output, l => l.Contains("customerstream", StringComparison.Ordinal) && l.Contains(":customerstream@", StringComparison.Ordinal));
            foreach (var file in sample.Files)
            {
                using var ingest = CliProcess.Start(_home.Path, environment, "ingest", file.Entity, Path.Combine(input, file.Name));
                Assert.Equal(0, await ingest.WaitForExitAsync(TimeSpan.FromMinutes(2)));
            }

            var everyone = truth.Customers.Concat(truth.AnonymousProfiles).Select(c => c.CustomerId).ToHashSet();
            await UntilAsync(() => everyone.All(latest.ContainsKey), up, TimeSpan.FromMinutes(3));
            await UntilAsync(() => everyone.Count(id => latest[id].Profile.VisibilityStatus == Messages.VisibilityStatus.Visible) == truth.Totals.Visible, up, TimeSpan.FromMinutes(1));

            using (var status = CliProcess.Start(_home.Path, environment, "status"))
            {
                Assert.Equal(0, await status.WaitForExitAsync(TimeSpan.FromSeconds(60)));
                Assert.Contains(status.Output, l => l.Contains("customerstream-bridge", StringComparison.Ordinal) && l.Contains("customer.profile-changed.v1", StringComparison.Ordinal));
            }

            up.Terminate();
            Assert.Equal(0, await up.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            foreach (var line in up.Output.Concat(up.Error))
            {
                output.WriteLine(line);
            }

            await subscriber.StopAsync();
        }
    }

    private async Task<IHost> StartSubscriberAsync()
    {
        var queue = Unique.Name("up-bridge");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddConsumer<ProfileSubscriber>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(_virtualHost.Host, checked((ushort)_virtualHost.Port), _virtualHost.Name, h =>
                {
                    h.Username(_virtualHost.User);
                    h.Password(_virtualHost.Password);
                });
                rabbit.ReceiveEndpoint(queue, e => e.ConfigureConsumer<ProfileSubscriber>(context));
            });
        });
        var host = builder.Build();
        await host.StartAsync();
        // MassTransit declares the queue and its bindings once the bus has connected.
        await UntilAsync(() => _virtualHost.QueueDepthAsync(queue).GetAwaiter().GetResult() is not null, null, TimeSpan.FromSeconds(60));
        return host;
    }

    private static async Task UntilAsync(Func<bool> condition, CliProcess? process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            Assert.False(process?.HasExited ?? false, "the stack stopped early");
            await Task.Delay(500);
        }
    }
}
