using System.Diagnostics;
using Confluent.Kafka;
using CustomerStream.Kafka.Telemetry;

namespace CustomerStream.Kafka.Tests;

public sealed class TraceContextPropagationTests
{
    [Fact]
    public void A_trace_context_written_to_headers_reads_back()
    {
        var context = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, "k=v");
        var headers = new Headers();

        TraceContextPropagation.Inject(headers, context);

        Assert.True(TraceContextPropagation.TryExtract(headers, out var read));
        Assert.Equal(context.TraceId, read.TraceId);
        Assert.Equal(context.SpanId, read.SpanId);
        Assert.Equal(context.TraceFlags, read.TraceFlags);
        Assert.Equal("k=v", read.TraceState);
    }

    [Fact]
    public void Copying_keeps_a_traceparent_the_target_already_has()
    {
        var source = new Headers();
        TraceContextPropagation.Inject(source, new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None));
        var target = new Headers();
        var own = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None);
        TraceContextPropagation.Inject(target, own);

        Assert.False(TraceContextPropagation.CopyIfMissing(source, target));
        Assert.True(TraceContextPropagation.TryExtract(target, out var read));
        Assert.Equal(own.TraceId, read.TraceId);
    }

    [Fact]
    public void Headers_without_a_trace_context_yield_none() =>
        Assert.False(TraceContextPropagation.TryExtract(new Headers { { "other", [1] } }, out _));
}
