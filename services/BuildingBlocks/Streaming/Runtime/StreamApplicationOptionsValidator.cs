using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace CustomerStream.Streaming.Runtime;

/// <summary>Validates <see cref="StreamApplicationOptions"/> (register it for <c>ValidateOnStart</c>).</summary>
public sealed partial class StreamApplicationOptionsValidator : IValidateOptions<StreamApplicationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StreamApplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!ValidId().IsMatch(options.ApplicationId))
        {
            failures.Add($"ApplicationId '{options.ApplicationId}' must be 1-200 characters of letters, digits, '.', '_' or '-'.");
        }

        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add("BootstrapServers is required.");
        }

        if (string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            failures.Add("StateDirectory is required.");
        }

        if (options.MaxBatchRecords < 1)
        {
            failures.Add("MaxBatchRecords must be at least 1.");
        }

        if (options.MaxBatchBytes < 1024)
        {
            failures.Add("MaxBatchBytes must be at least 1024.");
        }

        if (options.MaxBatchWait < TimeSpan.Zero)
        {
            failures.Add("MaxBatchWait must not be negative.");
        }

        RequirePositive(failures, options.CommitInterval, nameof(options.CommitInterval));
        RequirePositive(failures, options.CheckpointInterval, nameof(options.CheckpointInterval));
        RequirePositive(failures, options.SessionTimeout, nameof(options.SessionTimeout));
        RequirePositive(failures, options.HeartbeatInterval, nameof(options.HeartbeatInterval));
        RequirePositive(failures, options.MaxPollInterval, nameof(options.MaxPollInterval));
        RequirePositive(failures, options.DeliveryTimeout, nameof(options.DeliveryTimeout));
        RequirePositive(failures, options.StartupTimeout, nameof(options.StartupTimeout));
        RequirePositive(failures, options.RestoreProgressInterval, nameof(options.RestoreProgressInterval));
        if (options.HeartbeatInterval >= options.SessionTimeout)
        {
            failures.Add("HeartbeatInterval must be shorter than SessionTimeout.");
        }

        if (options.MaxPollInterval < options.SessionTimeout)
        {
            failures.Add("MaxPollInterval must not be shorter than SessionTimeout.");
        }

        if (options.MaxBatchWait >= options.MaxPollInterval)
        {
            failures.Add("MaxBatchWait must be shorter than MaxPollInterval.");
        }

        if (options.ProducerQueueMaxKbytes < 1024)
        {
            failures.Add("ProducerQueueMaxKbytes must be at least 1024.");
        }

        if (options.ProducerLinger < TimeSpan.Zero)
        {
            failures.Add("ProducerLinger must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> when the options are invalid.</summary>
    public static void ThrowIfInvalid(StreamApplicationOptions options)
    {
        var result = new StreamApplicationOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(StreamApplicationOptions), result.Failures);
        }
    }

    private static void RequirePositive(List<string> failures, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{name} must be positive.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,200}$")]
    private static partial Regex ValidId();
}
