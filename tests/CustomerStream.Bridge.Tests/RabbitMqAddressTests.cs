namespace CustomerStream.Bridge.Tests;

/// <summary>The AMQP URI the bridge is configured with, read the way RabbitMQ's URI specification reads it.</summary>
public sealed class RabbitMqAddressTests
{
    [Theory]
    [InlineData("amqp://localhost", "localhost", 5672, "/", "guest", "guest", false)]
    [InlineData("amqp://u:p@rabbit:5673/", "rabbit", 5673, "/", "u", "p", false)]
    [InlineData("amqp://u:p@rabbit/%2F", "rabbit", 5672, "/", "u", "p", false)]
    [InlineData("amqps://svc%40corp:p%3Aw%2Fd@broker.example.com/customers", "broker.example.com", 5671, "customers", "svc@corp", "p:w/d", true)]
    [InlineData("amqp://u@h/team%2Fa", "h", 5672, "team/a", "u", "", false)]
    public void A_URI_gives_host_port_virtual_host_and_credentials(string url, string host, int port, string virtualHost, string user, string password, bool ssl) =>
        Assert.Equal(new RabbitMqAddress(host, port, virtualHost, user, password, ssl), RabbitMqAddress.Parse(url));

    [Theory]
    [InlineData("")]
    [InlineData("localhost:5672")]
    [InlineData("http://rabbit:15672/")]
    [InlineData("amqp://rabbit/a/b")]
    public void Anything_else_is_refused_with_the_expected_form(string url)
    {
        var error = Assert.Throws<FormatException>(() => RabbitMqAddress.Parse(url));
        Assert.Contains("amqp://", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_with_a_bad_URI_fail_validation_naming_the_setting_and_hiding_the_password()
    {
        var options = new RabbitMqOptions { Url = "http://u:secret@rabbit/" };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        var message = Assert.Single(results).ErrorMessage!;
        Assert.Contains("RabbitMq:Url", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", message, StringComparison.Ordinal);
    }
}
