using FirehoseAuth.Deduplication;
using Microsoft.Extensions.Configuration;

namespace FirehoseAuth.Tests.Deduplication;

public sealed class DeduplicationOptionsTests
{
    private const string Section = "FirehoseAuth:Deduplication";

    [Fact]
    public void The_defaults_are_off_and_valid()
    {
        var options = new DeduplicationOptions();
        var failures = new List<string>();

        DeduplicationOptions.Validate(options, Section, failures);

        Assert.Empty(failures);
        Assert.Equal(DeduplicationStore.None, options.Store);
        Assert.Equal(StoreUnavailableBehavior.RunHandler, options.WhenStoreUnavailable);

        // The lease outlasts Firehose's 3-minute response timeout; the retention its longest retry duration (7,200 s).
        Assert.True(options.Lease > TimeSpan.FromMinutes(3));
        Assert.True(options.Retention > TimeSpan.FromSeconds(7200));
        Assert.InRange(options.StoreTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Every_problem_is_reported_with_its_setting_name()
    {
        var options = new DeduplicationOptions
        {
            Store = (DeduplicationStore)7,
            Lease = TimeSpan.Zero,
            Retention = TimeSpan.FromDays(8),
            WhenStoreUnavailable = (StoreUnavailableBehavior)3,
            StoreTimeout = TimeSpan.FromSeconds(-1),
            MemoryCapacity = 0,
        };
        var failures = new List<string> { "an earlier failure" };

        DeduplicationOptions.Validate(options, Section, failures);

        Assert.Equal(7, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("FirehoseAuth:Deduplication:Store is 7", StringComparison.Ordinal));
        Assert.Contains("FirehoseAuth:Deduplication:Lease is 00:00:00; it must be positive.", failures);
        Assert.Contains(failures, f => f.StartsWith("FirehoseAuth:Deduplication:Retention is 8.00:00:00; it must be at most", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("FirehoseAuth:Deduplication:WhenStoreUnavailable is 3", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("FirehoseAuth:Deduplication:StoreTimeout is -00:00:01", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("FirehoseAuth:Deduplication:MemoryCapacity is 0", StringComparison.Ordinal));
    }

    [Fact]
    public void The_settings_bind_from_the_FirehoseAuth_Deduplication_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FirehoseAuth:AccessKey"] = "k",
            ["FirehoseAuth:Deduplication:Store"] = "Redis",
            ["FirehoseAuth:Deduplication:Lease"] = "00:04:00",
            ["FirehoseAuth:Deduplication:Retention"] = "04:00:00",
            ["FirehoseAuth:Deduplication:WhenStoreUnavailable"] = "Reject",
            ["FirehoseAuth:Deduplication:StoreTimeout"] = "00:00:00.500",
            ["FirehoseAuth:Deduplication:MemoryCapacity"] = "5000",
        }).Build();
        var options = new FirehoseAuthOptions();

        configuration.GetSection("FirehoseAuth").Bind(options);

        var dedupe = options.Deduplication;
        Assert.Equal(DeduplicationStore.Redis, dedupe.Store);
        Assert.Equal(TimeSpan.FromMinutes(4), dedupe.Lease);
        Assert.Equal(TimeSpan.FromHours(4), dedupe.Retention);
        Assert.Equal(StoreUnavailableBehavior.Reject, dedupe.WhenStoreUnavailable);
        Assert.Equal(TimeSpan.FromMilliseconds(500), dedupe.StoreTimeout);
        Assert.Equal(5000, dedupe.MemoryCapacity);
    }
}
