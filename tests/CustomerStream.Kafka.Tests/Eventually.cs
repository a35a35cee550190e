namespace CustomerStream.Kafka.Tests;

/// <summary>Waits for a condition that other threads make true; fails with what was awaited.</summary>
internal static class Eventually
{
    public static async Task Until(Func<bool> condition, string what, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeoutSeconds} s waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }
}
