using Confluent.Kafka;
using CustomerStream.Contracts.Ingest;

namespace CustomerStream.Ingest.Publishing;

/// <summary>The Avro value serializers of the four ingest topics (Confluent wire format, subject <c>&lt;topic&gt;-value</c>).</summary>
public sealed class IngestSerializers(
    IAsyncSerializer<CustomerRecord> customers,
    IAsyncSerializer<OrderRecord> orders,
    IAsyncSerializer<WebEvent> webEvents,
    IAsyncSerializer<RejectedRecord> rejected)
{
    public IAsyncSerializer<RejectedRecord> Rejected => rejected;

    public IAsyncSerializer<T> For<T>()
        where T : class
    {
        object serializer = typeof(T) == typeof(CustomerRecord) ? customers
            : typeof(T) == typeof(OrderRecord) ? orders
            : typeof(T) == typeof(WebEvent) ? webEvents
            : typeof(T) == typeof(RejectedRecord) ? rejected
            : throw new ArgumentException($"{typeof(T).Name} is not an ingest record type");
        return (IAsyncSerializer<T>)serializer;
    }
}
