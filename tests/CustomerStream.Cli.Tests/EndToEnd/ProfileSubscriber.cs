using System.Collections.Concurrent;
using CustomerStream.Messages;
using MassTransit;

namespace CustomerStream.Cli.Tests.EndToEnd;

/// <summary>
/// The smallest MassTransit subscriber: keeps per customer the profile message with the highest version. (Not the
/// sample subscriber: a referenced web project would put its appsettings.json beside the CLI these tests run.)
/// </summary>
public sealed class ProfileSubscriber : IConsumer<CustomerProfileChanged>
{
    public static ConcurrentDictionary<string, CustomerProfileChanged> Latest { get; } = new(StringComparer.Ordinal);

    public Task Consume(ConsumeContext<CustomerProfileChanged> context)
    {
        var message = context.Message;
        Latest.AddOrUpdate(message.CustomerId, message, (_, kept) => message.Version > kept.Version ? message : kept);
        return Task.CompletedTask;
    }
}
