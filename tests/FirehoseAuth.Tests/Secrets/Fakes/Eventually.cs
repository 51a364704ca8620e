namespace FirehoseAuth.Tests.Secrets.Fakes;

/// <summary>
/// Bounded polling for effects that happen on other threads (an HTTP call, a published key set). Real time is used
/// only as a safety timeout; simulated time is always driven by the test.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(2);
        }
    }
}
