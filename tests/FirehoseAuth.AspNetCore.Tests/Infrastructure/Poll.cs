namespace FirehoseAuth.AspNetCore.Tests.Infrastructure;

/// <summary>Waits for an effect that happens on another thread; real time is only the safety timeout.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(10);
        }
    }
}
