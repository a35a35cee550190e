using System.Net;
using System.Text.Json;
using CustomerStream.Generation;
using CustomerStream.ServiceDefaults;
using CustomerStream.Testing;
using Microsoft.Playwright;
using Npgsql;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// `customerstream demo --keep-running` as a user starts it (its own process, a generated sample, a database of the
/// test's own), the endpoints file it writes, the sample's ground truth, and a headless Debian Chromium driven by
/// Playwright (Playwright's own browser download does not work here; <c>./test.sh</c> installs the system one).
/// </summary>
public sealed class ConsoleDemo : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(8);
    private readonly PostgresDatabaseFixture _database = new();
    private readonly TemporaryDirectory _home = new("cs-console-");
    private CliProcess? _demo;
    private IPlaywright? _playwright;

    public StackEndpoints Endpoints { get; private set; } = null!;

    public GroundTruth Truth { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string EndpointsPath => StackEndpoints.PathUnder(_home.Path);

    /// <summary>The generated sample the demo ingested (the files its records' positions name).</summary>
    public string SampleFolder => Path.Combine(_home.Path, StackEndpoints.FolderName, "sample");

    /// <summary>The demo's output so far, for failure messages.</summary>
    public string Output => _demo is null ? "" : string.Join('\n', _demo.Output.Concat(_demo.Error).TakeLast(60));

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _demo = CliProcess.Start(_home.Path, new Dictionary<string, string?> { ["CS_POSTGRES"] = _database.ConnectionString },
            "demo", "--customers", "150", "--seed", "11", "--reset", "--keep-running");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!_demo.Output.Any(l => l.StartsWith("Customer 360 console:", StringComparison.Ordinal)))
        {
            if (_demo.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"demo --keep-running did not come up with its console:\n{Output}");
            }

            await Task.Delay(250);
        }

        Endpoints = await StackEndpoints.ReadAsync(EndpointsPath, CancellationToken.None)
                    ?? throw new InvalidOperationException("demo wrote no endpoints file");
        Truth = await GroundTruth.LoadAsync(Path.Combine(_home.Path, StackEndpoints.FolderName, "sample", GroundTruth.FileName));

        var chromium = Environment.GetEnvironmentVariable("CS_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"No Chromium at {chromium}: ./test.sh installs Debian's (apt-get install chromium), or set CS_CHROMIUM.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    /// <summary>A fresh tab on the console, the key handed over in the link's fragment; every console error and uncaught page error is collected.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Add($"page error: {error}");
        await page.GotoAsync($"{Endpoints.ConsoleUrl}#key={Endpoints.ReadApiKey}");
        return (page, errors);
    }

    /// <summary>GET on the read API with the demo's read key: the status and the JSON answer.</summary>
    public async Task<(HttpStatusCode Status, JsonDocument Body)> ReadApiAsync(string path)
    {
        using var client = new HttpClient { BaseAddress = new Uri(new Uri(Endpoints.ConsoleUrl!), "/") };
        client.DefaultRequestHeaders.Add("X-Api-Key", Endpoints.ReadApiKey);
        using var response = await client.GetAsync(path.TrimStart('/'));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>
    /// Keeps a screenshot of a main view: always in the test output, and in docs/images when <c>CS_UPDATE_SCREENSHOTS=1</c>
    /// (what README shows; taken from this real run).
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name, ILocator? part = null)
    {
        var options = new PageScreenshotOptions { FullPage = true, Path = Path.Combine(AppContext.BaseDirectory, $"{name}.png") };
        if (part is null)
        {
            await page.ScreenshotAsync(options);
        }
        else
        {
            await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = options.Path });
        }

        if (Environment.GetEnvironmentVariable("CS_UPDATE_SCREENSHOTS") == "1")
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "CustomerStream.sln")))
                {
                    File.Copy(options.Path, Path.Combine(directory.FullName, "docs", "images", $"{name}.png"), overwrite: true);
                    break;
                }
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_playwright is not null)
        {
            if (Browser is not null)
            {
                await Browser.CloseAsync();
            }

            _playwright.Dispose();
        }

        if (_demo is not null)
        {
            if (!_demo.HasExited)
            {
                _demo.Terminate();
                await _demo.WaitForExitAsync(TimeSpan.FromSeconds(60));
            }

            _demo.Dispose();
        }

        NpgsqlConnection.ClearAllPools();
        await _database.DisposeAsync();
        _home.Dispose();
    }
}
