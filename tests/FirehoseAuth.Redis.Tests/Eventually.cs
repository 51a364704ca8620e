using System.Diagnostics;

namespace FirehoseAuth.Redis.Tests;

/// <summary>
/// Polls a condition in real time. Redis keeps its own (real) clock, so a lease that runs out on the server, or a
/// server that comes back, can only be waited for; every wait here is bounded.
/// </summary>
internal static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> attempt, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            T result;
            try
            {
                result = await attempt();
                if (done(result))
                {
                    return result;
                }
            }
            catch (Exception) when (clock.Elapsed < timeout)
            {
                // Not yet (the server is still coming back).
            }

            if (clock.Elapsed >= timeout)
            {
                Assert.Fail($"{what} did not happen within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(25);
        }
    }
}
