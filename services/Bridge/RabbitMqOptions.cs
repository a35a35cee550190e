using System.ComponentModel.DataAnnotations;
using CustomerStream.ServiceDefaults;

namespace CustomerStream.Bridge;

/// <summary>
/// Where the bridge publishes (configuration section <c>RabbitMq</c>; the environment variable <c>CS_RABBITMQ</c>
/// sets <see cref="Url"/> too): an AMQP URI, <c>amqp://user:password@host:5672/vhost</c> (<c>amqps://</c> for TLS,
/// port 5671 by default). Without a user the broker's default <c>guest</c>/<c>guest</c> is used; without a
/// virtual host, <c>/</c>.
/// </summary>
public sealed class RabbitMqOptions : IValidatableObject
{
    public const string SectionName = "RabbitMq";

    /// <summary>The AMQP URI of the broker.</summary>
    [Required]
    public string Url { get; set; } = "";

    /// <summary>The address in <see cref="Url"/>, taken apart.</summary>
    /// <exception cref="FormatException"><see cref="Url"/> is not an amqp:// or amqps:// URI.</exception>
    public RabbitMqAddress Address() => RabbitMqAddress.Parse(Url);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Url))
        {
            yield break; // [Required] says so
        }

        string? error = null;
        try
        {
            RabbitMqAddress.Parse(Url);
        }
        catch (FormatException e)
        {
            error = e.Message;
        }

        if (error is not null)
        {
            yield return new ValidationResult($"{ConfigurationKeys.RabbitMqUrl}: {error}", [nameof(Url)]);
        }
    }
}
