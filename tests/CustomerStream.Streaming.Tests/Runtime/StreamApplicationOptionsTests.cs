using CustomerStream.Streaming.Runtime;

namespace CustomerStream.Streaming.Tests.Runtime;

public sealed class StreamApplicationOptionsTests
{
    private static StreamApplicationOptions Valid() => new()
    {
        ApplicationId = "customerstream.aggregator",
        BootstrapServers = "localhost:9092",
        StateDirectory = "/tmp/state",
    };

    [Fact]
    public void Defaults_with_the_required_settings_are_valid() =>
        Assert.True(new StreamApplicationOptionsValidator().Validate(null, Valid()).Succeeded);

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = Valid();
        options.ApplicationId = "bad id!";
        options.BootstrapServers = "";
        options.MaxBatchRecords = 0;
        options.HeartbeatInterval = options.SessionTimeout;

        var result = new StreamApplicationOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(4, result.Failures!.Count());
    }

    [Fact]
    public void The_runtime_refuses_invalid_options_when_constructed()
    {
        var options = Valid();
        options.StateDirectory = " ";

        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => StreamApplicationOptionsValidator.ThrowIfInvalid(options));
    }
}
