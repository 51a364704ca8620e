using FirehoseAuth.Deduplication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FirehoseAuth.Redis.Tests;

public sealed class FirehoseAuthRedisServiceCollectionExtensionsTests : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly RedisServer _server;

    public FirehoseAuthRedisServiceCollectionExtensionsTests(RedisServer server) => _server = server;

    [Fact]
    public async Task The_configuration_section_registers_a_working_ledger_under_the_Redis_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FirehoseAuth:Deduplication:Redis:Configuration"] = _server.ConnectionString,
            ["FirehoseAuth:Deduplication:Redis:KeyPrefix"] = "di-test:",
            ["FirehoseAuth:Deduplication:Redis:Database"] = "2",
        }).Build();
        var services = new ServiceCollection();
        services.AddFirehoseAuthRedisDeduplication(configuration.GetSection(RedisDeduplicationOptions.SectionName));
        services.AddFirehoseAuthRedisDeduplication(configuration.GetSection(RedisDeduplicationOptions.SectionName));
        var key = TwoInstances.NewKey();
        IConnectionMultiplexer owned;

        await using (var provider = services.BuildServiceProvider(validateScopes: true))
        {
            var ledger = provider.GetRequiredKeyedService<IDeliveryLedger>(DeduplicationStore.Redis);
            Assert.Same(ledger, provider.GetRequiredKeyedService<IDeliveryLedger>(DeduplicationStore.Redis));
            Assert.Single(provider.GetKeyedServices<IDeliveryLedger>(DeduplicationStore.Redis));
            Assert.Equal(DeliveryClaimOutcome.Claimed, (await ledger.TryClaimAsync(key, Lease, CancellationToken.None)).Outcome);
            var connection = provider.GetRequiredService<RedisConnection>();
            Assert.True(connection.OwnsMultiplexer);
            owned = await connection.GetAsync(CancellationToken.None);
            Assert.True(owned.IsConnected);
        }

        // The container disposed the connection the package created.
        Assert.False(owned.IsConnected);

        await using var inspector = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
        Assert.True(await inspector.GetDatabase(2).KeyExistsAsync(new RedisDeliveryLedger(new RedisConnection(inspector), "di-test:", 2).ToRedisKey(key)));
    }

    [Fact]
    public async Task Without_a_connection_string_the_containers_multiplexer_is_used_and_left_open()
    {
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
        var services = new ServiceCollection();
        services.AddSingleton<IConnectionMultiplexer>(multiplexer);
        services.AddFirehoseAuthRedisDeduplication(o => o.KeyPrefix = "shared-mux:");

        await using (var provider = services.BuildServiceProvider())
        {
            _ = provider.GetRequiredService<IOptions<RedisDeduplicationOptions>>().Value;
            var ledger = provider.GetRequiredKeyedService<IDeliveryLedger>(DeduplicationStore.Redis);
            Assert.Equal(DeliveryClaimOutcome.Claimed, (await ledger.TryClaimAsync(TwoInstances.NewKey(), Lease, CancellationToken.None)).Outcome);
            Assert.False(provider.GetRequiredService<RedisConnection>().OwnsMultiplexer);
        }

        // Disposing the container left the application's multiplexer open: the ledger does not own it.
        Assert.True(multiplexer.IsConnected);
        Assert.True(await multiplexer.GetDatabase().PingAsync() > TimeSpan.Zero);
    }

    [Fact]
    public void Start_up_fails_with_the_setting_names_when_the_options_are_unusable()
    {
        var services = new ServiceCollection();
        services.AddFirehoseAuthRedisDeduplication(o =>
        {
            o.KeyPrefix = null!;
            o.Database = -2;
        });
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedisDeduplicationOptions>>().Value);

        Assert.Contains(failure.Failures, f => f.StartsWith("FirehoseAuth:Deduplication:Redis:Configuration is not set and no IConnectionMultiplexer is registered", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("FirehoseAuth:Deduplication:Redis:KeyPrefix must not be null", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("FirehoseAuth:Deduplication:Redis:Database is -2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_connection_string_that_does_not_parse_is_reported_without_its_value()
    {
        const string Secret = "s3cr3t-password";
        var services = new ServiceCollection();
        services.AddFirehoseAuthRedisDeduplication(o => o.Configuration = $"localhost:6379,password={Secret},notAnOption=1");
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedisDeduplicationOptions>>().Value);

        Assert.Contains(failure.Failures, f => f.StartsWith("FirehoseAuth:Deduplication:Redis:Configuration is not a StackExchange.Redis connection string", StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, failure.Message, StringComparison.Ordinal);
    }
}
