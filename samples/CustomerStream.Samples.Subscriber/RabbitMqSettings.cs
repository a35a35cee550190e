using System.ComponentModel.DataAnnotations;

namespace CustomerStream.Samples.Subscriber;

/// <summary>The broker (configuration section <c>RabbitMq</c>; environment <c>RabbitMq__Host</c>, …).</summary>
public sealed class RabbitMqSettings
{
    public const string SectionName = "RabbitMq";

    [Required]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required]
    public string VirtualHost { get; set; } = "/";

    [Required]
    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";
}
