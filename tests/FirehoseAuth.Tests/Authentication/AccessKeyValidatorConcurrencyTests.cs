using FirehoseAuth.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Tests.Authentication;

public sealed class AccessKeyValidatorConcurrencyTests
{
    [Fact]
    public async Task Readers_never_see_a_half_swapped_key_set()
    {
        // Snapshot A accepts "rotating" as its current key, snapshot B as its previous key (inside the window). A validator
        // that read B's current digest with A's previous digest or window would reject "rotating"; "never-valid" must be
        // rejected whatever it reads.
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var a = new AccessKeySet("rotating");
        var b = new AccessKeySet("successor", "rotating", now.AddMinutes(10));
        var provider = new FakeAccessKeySetProvider(a);
        var validator = new AccessKeyValidator(provider, new FakeTimeProvider(now));
        const int ReadsPerReader = 100_000;
        var readersDone = 0;
        var swaps = 0;

        // Dedicated threads (LongRunning), so the writer really runs while the readers do.
        var writer = Task.Factory.StartNew(
            () =>
            {
                while (Volatile.Read(ref readersDone) < 2)
                {
                    provider.Current = ReferenceEquals(provider.Current, a) ? b : a;
                    Interlocked.Increment(ref swaps);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        SpinWait.SpinUntil(() => Volatile.Read(ref swaps) > 0);

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(
            () =>
        {
            var seen = new HashSet<AccessKeyValidationResult>();
            try
            {
                for (var i = 0; i < ReadsPerReader; i++)
                {
                    seen.Add(validator.Validate("rotating"));
                    Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate("never-valid"));
                }
            }
            finally
            {
                Interlocked.Increment(ref readersDone);
            }

            return seen;
        },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();

        var outcomes = (await Task.WhenAll(readers)).SelectMany(s => s).ToHashSet();
        await writer;

        // Both snapshots were seen, and nothing else.
        Assert.Equal(new HashSet<AccessKeyValidationResult> { AccessKeyValidationResult.ValidCurrent, AccessKeyValidationResult.ValidPrevious }, outcomes);
        Assert.True(swaps > 100, $"only {swaps} swaps happened while reading");
        Assert.Equal(2 * ReadsPerReader, provider.UnknownKeyCount);
    }
}
