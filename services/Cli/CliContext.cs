using System.CommandLine;
using Confluent.Kafka;
using CustomerStream.Kafka.Embedded;
using CustomerStream.Kafka.Topics;
using CustomerStream.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace CustomerStream.Cli;

/// <summary>What a command runs with: where to write, how verbose, the configuration and the CustomerStream home.</summary>
internal sealed class CliContext : IDisposable
{
    private readonly Lazy<IConfigurationRoot> _configuration = new(() => CustomerStreamConfiguration.Build(AppContext.BaseDirectory));
    private readonly Lazy<ILoggerFactory> _logs;

    private readonly TextWriter _output;

    private CliContext(IAnsiConsole console, TextWriter output, TextWriter error, bool verbose)
    {
        Out = console;
        _output = output;
        Error = error;
        Verbose = verbose;
        _logs = new Lazy<ILoggerFactory>(() => LoggerFactory.Create(ConfigureLogging));
    }

    /// <summary>Where results go (stdout unless a test redirects it), for tables, markup and progress.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Where errors go (stderr unless a test redirects it).</summary>
    public TextWriter Error { get; }

    public bool Verbose { get; }

    /// <summary>The CustomerStream home: <c>CS_HOME</c> (the wrapper sets it to the repository root) or the current directory.</summary>
    public string Home { get; } =
        Environment.GetEnvironmentVariable(StackEndpoints.HomeEnvironmentVariable) is { Length: > 0 } home ? home : Directory.GetCurrentDirectory();

    public string EndpointsPath => StackEndpoints.PathUnder(Home);

    /// <summary>appsettings.json next to the executable, then the environment (<c>Section__Key</c>, <c>CS_</c>, <c>CS_POSTGRES</c>).</summary>
    public IConfiguration Configuration => _configuration.Value;

    /// <summary>Logs for clients the command makes: warnings only, unless <c>--verbose</c>; always on stderr.</summary>
    public ILoggerFactory Logs => _logs.Value;

    public static CliContext From(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var terminal = output == Console.Out && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // Spectre wraps at 80 columns when it cannot see a terminal; piped output should not be cut.
            console.Profile.Width = 1_000;
        }

        return new CliContext(console, output, parse.InvocationConfiguration.Error, parse.GetValue(GlobalOptions.Verbose));
    }

    /// <summary>Writes a plain line of results, never wrapped, so values such as bootstrap lists can be copied.</summary>
    public void Line(string text) => _output.WriteLine(text);

    /// <summary>
    /// Runs long work with a live status line on a terminal, or one line per step when output is piped.
    /// </summary>
    public async Task<T> WithProgressAsync<T>(Func<Action<string>, Task<T>> work)
    {
        if (!Out.Profile.Capabilities.Interactive)
        {
            return await work(step => Line($"{step}..."));
        }

        return await Out.Status().StartAsync("Starting", status => work(step => status.Status(step)));
    }

    /// <summary>The logging set-up of the CLI, also applied to the hosts it starts.</summary>
    public void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(Verbose ? LogLevel.Information : LogLevel.Warning);
        if (!Verbose)
        {
            // A host that fails to start logs it with its exception; the command reports the failure itself.
            logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        }

        logging.AddConsole(o => o.FormatterName = CliLogFormatter.FormatterName)
            .AddConsoleFormatter<CliLogFormatter, CliLogFormatter.Options>(o => o.IncludeExceptions = Verbose);
        // Results go to stdout; everything logged goes to stderr so that output stays clean to pipe.
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    /// <summary>Prints a failure as one line and a hint; the exception itself only with <c>--verbose</c>.</summary>
    public int Fail(Exception exception)
    {
        var (message, hint, exitCode) = exception switch
        {
            CliException e => (e.Message, e.Hint, e.ExitCode),
            TopicProvisioningException e => (e.Message, "`customerstream status` lists the topics and their partition counts", ExitCodes.Failed),
            EmbeddedKafkaException e => (e.Message, "the embedded cluster needs librdkafka from the build output and free loopback ports", ExitCodes.Failed),
            KafkaException e => ($"Kafka: {e.Error.Reason}", "is the stack up? `./customerstream up` starts one; `customerstream status` checks it", ExitCodes.Failed),
            Npgsql.NpgsqlException e => ($"PostgreSQL: {e.Message}", "is it running, and is CS_POSTGRES right? ./scripts/ensure-postgres.sh sets one up", ExitCodes.Failed),
            Confluent.SchemaRegistry.SchemaRegistryException or CustomerStream.SchemaRegistry.SchemaRegistryUnavailableException =>
                ($"Schema Registry: {exception.Message}", "is the stack up? `customerstream status`", ExitCodes.Failed),
            OptionsValidationException e => ($"Invalid configuration: {string.Join(" ", e.Failures)}", "see Configuration in README.md", ExitCodes.Failed),
            IOException or UnauthorizedAccessException or InvalidDataException => (exception.Message, null, ExitCodes.Failed),
            _ => (exception.Message, null, ExitCodes.Failed),
        };

        Error.WriteLine($"customerstream: {message}");
        if (hint is not null)
        {
            Error.WriteLine($"  hint: {hint}");
        }

        if (Verbose)
        {
            Error.WriteLine(exception);
        }
        else if (exception is not CliException)
        {
            Error.WriteLine("  (run again with --verbose for details)");
        }

        return exitCode;
    }

    public void Dispose()
    {
        if (_logs.IsValueCreated)
        {
            _logs.Value.Dispose();
        }
    }
}
