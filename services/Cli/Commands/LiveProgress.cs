using System.Diagnostics;
using Spectre.Console;

namespace CustomerStream.Cli.Commands;

/// <summary>
/// Long work with a live line of counts and rates: redrawn in place on a terminal, and when output is piped
/// (logs, CI) written as a plain line at most every few seconds, so that a log stays readable.
/// </summary>
internal static class LiveProgress
{
    private static readonly TimeSpan PipedInterval = TimeSpan.FromSeconds(5);

    public static async Task<T> RunAsync<T>(CliContext context, string initial, Func<Action<string>, Task<T>> work)
    {
        if (context.Out.Profile.Capabilities.Interactive)
        {
            return await context.Out.Status().StartAsync(Markup.Escape(initial), status => work(text => status.Status(Markup.Escape(text))));
        }

        context.Line(initial);
        var last = Stopwatch.GetTimestamp();
        return await work(text =>
        {
            if (Stopwatch.GetElapsedTime(last) >= PipedInterval)
            {
                last = Stopwatch.GetTimestamp();
                context.Line(text);
            }
        });
    }
}
