using FirehoseAuth.Secrets;

namespace FirehoseAuth.Tests.Secrets;

/// <summary>The jittered delays on their own: exponential backoff with equal jitter, and the periodic refresh's ±10%.</summary>
public sealed class SecretsManagerBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData(1, 2.5)]
    [InlineData(2, 5)]
    [InlineData(3, 10)]
    [InlineData(4, 20)]
    [InlineData(7, 150)] // 5 s × 2^6 = 320 s is over the cap: half of the 300 s cap
    public void The_least_delay_doubles_with_each_failure_from_half_the_base_up_to_half_the_cap(int failures, double seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), SecretsManagerBackoff.Exponential(failures, Base, Cap, random: 0));

    [Fact]
    public void Every_delay_is_half_fixed_and_half_random_so_a_fleet_spreads_out_but_never_retries_early()
    {
        for (var failures = 1; failures <= 12; failures++)
        {
            var ceiling = TimeSpan.FromTicks(Math.Min(Cap.Ticks, Base.Ticks << (failures - 1)));
            var previous = TimeSpan.Zero;
            for (var random = 0.0; random < 1; random += 0.125)
            {
                var delay = SecretsManagerBackoff.Exponential(failures, Base, Cap, random);

                Assert.InRange(delay, ceiling / 2, ceiling);
                Assert.True(delay > previous, $"failure {failures}: a larger random value gives a longer delay");
                previous = delay;
            }
        }
    }

    [Fact]
    public void Long_runs_of_failures_stay_at_the_cap_without_overflowing()
    {
        foreach (var failures in new[] { 31, 32, 63, 64, 1000, int.MaxValue })
        {
            Assert.Equal(Cap / 2, SecretsManagerBackoff.Exponential(failures, Base, Cap, random: 0));
            Assert.InRange(SecretsManagerBackoff.Exponential(failures, Base, Cap, random: 0.999999), Cap * 0.99, Cap);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_failure_count_below_one_is_taken_as_the_first_failure(int failures)
        => Assert.Equal(SecretsManagerBackoff.Exponential(1, Base, Cap, 0.5), SecretsManagerBackoff.Exponential(failures, Base, Cap, 0.5));

    [Fact]
    public void Delays_keep_their_whole_length_in_every_unit()
    {
        // A delay computed from a TimeSpan's Milliseconds component instead of its total would lose the seconds here.
        Assert.Equal(TimeSpan.FromMilliseconds(1250), SecretsManagerBackoff.Exponential(2, TimeSpan.FromMilliseconds(1250), TimeSpan.FromHours(1), random: 0));
        Assert.Equal(TimeSpan.FromHours(1), SecretsManagerBackoff.Exponential(20, TimeSpan.FromMinutes(1), TimeSpan.FromHours(2), random: 0));
    }

    [Theory]
    [InlineData(-1, 2.5)]
    [InlineData(2, 5)]
    public void A_random_value_out_of_range_is_clamped_never_outside_the_delay_range(double random, double seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), SecretsManagerBackoff.Exponential(1, Base, Cap, random));

    [Theory]
    [InlineData(0, 270)]
    [InlineData(0.5, 300)]
    [InlineData(0.75, 315)]
    [InlineData(-1, 270)]
    [InlineData(2, 330)]
    public void The_refresh_interval_is_spread_over_plus_or_minus_ten_percent(double random, double seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), SecretsManagerBackoff.Spread(TimeSpan.FromMinutes(5), random));
}
