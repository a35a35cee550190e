using CustomerStream.Messages;
using CustomerStream.Samples.Subscriber.Customers;
using MassTransit;

namespace CustomerStream.Samples.Subscriber.Consumers;

/// <summary>Keeps the directory's profile of a customer up to date; duplicates and stale messages are dropped by the version rule.</summary>
public sealed partial class CustomerProfileChangedConsumer(CustomerDirectory directory, ILogger<CustomerProfileChangedConsumer> logger) : IConsumer<CustomerProfileChanged>
{
    public Task Consume(ConsumeContext<CustomerProfileChanged> context)
    {
        var message = context.Message;
        if (directory.Apply(message))
        {
            // React to the change here: a campaign, a CRM update, an alert. It runs at most once per version.
            LogApplied(logger, message.CustomerId, message.Version, string.Join(",", message.ChangedFields));
        }
        else
        {
            LogDropped(logger, message.CustomerId, message.Version);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Customer {CustomerId} version {Version} applied (changed: {Fields})")]
    private static partial void LogApplied(ILogger logger, string customerId, long version, string fields);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Customer {CustomerId} version {Version} dropped: not newer than what was applied")]
    private static partial void LogDropped(ILogger logger, string customerId, long version);
}
