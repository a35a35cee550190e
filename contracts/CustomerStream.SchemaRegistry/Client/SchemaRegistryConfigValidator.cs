using Confluent.SchemaRegistry;
using Microsoft.Extensions.Options;

namespace CustomerStream.SchemaRegistry;

/// <summary>Checks the registry client's configuration when the host starts (<see cref="SchemaRegistrySettings.Validate"/>).</summary>
internal sealed class SchemaRegistryConfigValidator : IValidateOptions<SchemaRegistryConfig>
{
    public ValidateOptionsResult Validate(string? name, SchemaRegistryConfig options)
    {
        var failures = SchemaRegistrySettings.Validate(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
