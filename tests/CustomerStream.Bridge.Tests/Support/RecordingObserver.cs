using System.Collections.Concurrent;
using CustomerStream.Messages;
using MassTransit;

namespace CustomerStream.Bridge.Tests.Support;

/// <summary>Every message the subscriber consumed, as (event id, message id), and how often: what "arrived at least once" is checked on.</summary>
public sealed class RecordingObserver : IConsumeObserver
{
    private readonly ConcurrentDictionary<string, int> _events = new(StringComparer.Ordinal);
    private long _deliveries;

    /// <summary>Event ids consumed, with how many times each arrived.</summary>
    public IReadOnlyDictionary<string, int> Events => _events;

    public long Deliveries => Interlocked.Read(ref _deliveries);

    public ConcurrentBag<(string EventId, Guid? MessageId)> MessageIds { get; } = [];

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        var eventId = context.Message switch
        {
            CustomerProfileChanged changed => changed.EventId,
            CustomerMerged merged => merged.EventId,
            _ => null,
        };
        if (eventId is not null)
        {
            Interlocked.Increment(ref _deliveries);
            _events.AddOrUpdate(eventId, 1, (_, n) => n + 1);
            MessageIds.Add((eventId, context.MessageId));
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
