using CustomerStream.Messages;
using CustomerStream.Samples.Subscriber.Customers;
using MassTransit;

namespace CustomerStream.Samples.Subscriber.Consumers;

/// <summary>Records that a Customer360 ID became an alias of another; the survivor's profile messages carry the merged history.</summary>
public sealed partial class CustomerMergedConsumer(CustomerDirectory directory, ILogger<CustomerMergedConsumer> logger) : IConsumer<CustomerMerged>
{
    public Task Consume(ConsumeContext<CustomerMerged> context)
    {
        var message = context.Message;
        if (directory.Apply(message))
        {
            // Re-key whatever this service stored under the merged id to the survivor here.
            LogApplied(logger, message.MergedId, message.SurvivorId, message.Version, message.Reason);
        }
        else
        {
            LogDropped(logger, message.MergedId, message.Version);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Customer {MergedId} is now an alias of {SurvivorId} (version {Version}: {Reason})")]
    private static partial void LogApplied(ILogger logger, string mergedId, string survivorId, long version, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Merge of {MergedId} version {Version} dropped: not newer than what was applied")]
    private static partial void LogDropped(ILogger logger, string mergedId, long version);
}
