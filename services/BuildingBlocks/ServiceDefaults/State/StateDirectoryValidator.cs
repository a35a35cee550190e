using Microsoft.Extensions.Options;

namespace CustomerStream.ServiceDefaults.State;

/// <summary>
/// Fails the start of a host when the state directory of <typeparamref name="TOptions"/> cannot be written
/// by this process (registered with <see cref="StateDirectoryValidation.AddStateDirectoryValidation{TOptions}"/>).
/// </summary>
internal sealed class StateDirectoryValidator<TOptions>(IDirectoryAccess access, string settingName, Func<TOptions, string> directory)
    : IValidateOptions<TOptions> where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var configured = directory(options);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return ValidateOptionsResult.Fail($"{settingName} is required.");
        }

        var fullPath = Path.GetFullPath(configured);
        return access.CheckWritable(fullPath) is { } reason
            ? ValidateOptionsResult.Fail(
                $"{settingName} '{fullPath}' cannot be written by this process (user {Environment.UserName}): {reason} " +
                "Point it at a volume the service user owns (deploy/README.md, \"State directories\").")
            : ValidateOptionsResult.Success;
    }
}
