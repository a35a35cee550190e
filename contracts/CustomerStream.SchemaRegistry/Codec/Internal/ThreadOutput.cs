namespace CustomerStream.SchemaRegistry.Codec.Internal;

/// <summary>One reusable output buffer per thread, for callers that want a plain byte array back.</summary>
internal static class ThreadOutput
{
    [ThreadStatic]
    private static AvroOutput? _cached;

    public static AvroOutput Rent()
    {
        var output = _cached;
        _cached = null;
        if (output is null)
        {
            return new AvroOutput(1024);
        }

        output.Reset();
        return output;
    }

    /// <summary>Keeps the buffer for the thread's next call, unless it grew unusually large.</summary>
    public static void Return(AvroOutput output)
    {
        if (output.Length > 1 << 20)
        {
            output.Dispose();
            return;
        }

        _cached = output;
    }
}
