using System.Text.Json;

namespace CustomerStream.Bridge.Tests.Support;

/// <summary>
/// Structural comparison of messages: records compare their lists by reference, so two messages are compared as
/// JSON, numbers by value (the Avro decimals come back with their schema's scale: 41.0000 for 41.00).
/// </summary>
public static class Json
{
    public static void AssertEqual<T>(T expected, T actual)
    {
        var left = JsonSerializer.SerializeToElement(expected);
        var right = JsonSerializer.SerializeToElement(actual);
        Assert.True(JsonElement.DeepEquals(left, right), $"expected {left.GetRawText()}{Environment.NewLine}but got  {right.GetRawText()}");
    }
}
