using FirehoseAuth.Authentication;
using FirehoseAuth.DependencyInjection;
using FirehoseAuth.Diagnostics;
using FirehoseAuth.Secrets;
using FirehoseAuth.Tests.Secrets.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FirehoseAuth.Tests.DependencyInjection;

public sealed class FirehoseAuthServiceCollectionExtensionsTests
{
    private const string Key = "di-test-key-0123456789";

    private static IConfiguration Section(params (string Key, string? Value)[] values)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("FirehoseAuth:" + v.Key, v.Value)))
            .Build()
            .GetSection("FirehoseAuth");

    [Fact]
    public void Configuration_and_code_overloads_combine()
    {
        var services = new ServiceCollection()
            .AddFirehoseAuth(Section(("AccessKey", Key), ("Limits:MaxRecordCount", "500"), ("AllowedSourceArns:0", "arn:aws:firehose:us-east-1:123456789012:deliverystream/a")))
            .AddFirehoseAuth(o => o.AllowedSourceArns.Add("arn:aws:firehose:eu-west-1:123456789012:deliverystream/b"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value;

        Assert.Equal(Key, options.AccessKey);
        Assert.Equal(500, options.Limits.MaxRecordCount);
        Assert.Equal(
            ["arn:aws:firehose:us-east-1:123456789012:deliverystream/a", "arn:aws:firehose:eu-west-1:123456789012:deliverystream/b"],
            options.AllowedSourceArns);
    }

    [Fact]
    public void Configuration_binds_durations_and_the_previous_key_expiry()
    {
        using var provider = new ServiceCollection()
            .AddFirehoseAuth(Section(
                ("SecretsManager:SecretId", "my-secret"),
                ("SecretsManager:RefreshInterval", "00:02:00"),
                ("RotationGracePeriod", "00:20:00"),
                ("PreviousAccessKeyValidUntil", "2031-01-02T03:04:05Z")))
            .BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value;

        Assert.Equal("my-secret", options.SecretsManager.SecretId);
        Assert.Equal(TimeSpan.FromMinutes(2), options.SecretsManager.RefreshInterval);
        Assert.Equal(TimeSpan.FromMinutes(20), options.RotationGracePeriod);
        Assert.Equal(new DateTimeOffset(2031, 1, 2, 3, 4, 5, TimeSpan.Zero), options.PreviousAccessKeyValidUntil);
    }

    [Fact]
    public void Calling_it_twice_registers_every_service_once()
    {
        var once = new ServiceCollection().AddFirehoseAuth(Section(("AccessKey", Key)));
        var twice = new ServiceCollection().AddFirehoseAuth(Section(("AccessKey", Key))).AddFirehoseAuth(Section(("AccessKey", Key)));

        Assert.Equal(Shape(once), Shape(twice));
        static string[] Shape(IServiceCollection services)
            => services
                .Where(d => !d.ServiceType.Name.StartsWith("IConfigureOptions", StringComparison.Ordinal) && !d.ServiceType.Name.StartsWith("IOptionsChangeTokenSource", StringComparison.Ordinal))
                .Select(d => $"{d.ServiceType.FullName} -> {d.ImplementationType?.FullName ?? "factory/instance"}")
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToArray();
    }

    [Fact]
    public void Binding_the_same_section_twice_does_not_duplicate_the_allow_list()
    {
        var section = Section(("AccessKey", Key), ("AllowedSourceArns:0", "arn:aws:firehose:us-east-1:123456789012:deliverystream/a"));
        using var provider = new ServiceCollection().AddFirehoseAuth(section).AddFirehoseAuth(section).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value;

        Assert.Single(options.AllowedSourceArns);
    }

    [Fact]
    public void A_static_key_selects_the_static_key_source()
    {
        using var provider = new ServiceCollection().AddFirehoseAuth(o => o.AccessKey = Key).BuildServiceProvider();

        Assert.IsType<StaticAccessKeySetProvider>(provider.GetRequiredService<IAccessKeySetProvider>());
    }

    [Fact]
    public async Task A_secret_id_selects_Secrets_Manager_even_when_a_static_key_is_also_set()
    {
        await using var provider = new ServiceCollection()
            .AddFirehoseAuth(o =>
            {
                o.AccessKey = Key;
                o.SecretsManager.SecretId = "my-secret";
            })
            .BuildServiceProvider();

        Assert.IsType<SecretsManagerKeySetProvider>(provider.GetRequiredService<IAccessKeySetProvider>());
    }

    [Fact]
    public void A_container_with_Secrets_Manager_can_be_disposed_synchronously()
    {
        var provider = new ServiceCollection()
            .AddSingleton<ISecretValueSource>(new GatedSecretValueSource(Key, open: true))
            .AddFirehoseAuth(o => o.SecretsManager.SecretId = "my-secret")
            .BuildServiceProvider();
        _ = provider.GetRequiredService<IAccessKeySetProvider>();

        provider.Dispose(); // throws InvalidOperationException for a service that is only IAsyncDisposable
    }

    [Fact]
    public async Task Neither_key_source_fails_host_start_with_a_message_naming_both_settings()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddFirehoseAuth(Section());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("FirehoseAuth:AccessKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("FirehoseAuth:SecretsManager:SecretId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Neither_key_source_never_yields_a_validator_without_a_host()
    {
        using var provider = new ServiceCollection().AddFirehoseAuth(Section()).BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<AccessKeyValidator>());
    }

    [Fact]
    public void An_application_key_source_replaces_the_built_in_one_and_needs_no_key_settings()
    {
        var own = new StaticAccessKeySetProvider(new AccessKeySet(Key));
        using var provider = new ServiceCollection()
            .AddFirehoseAuth(Section())
            .AddSingleton<IAccessKeySetProvider>(own)
            .BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<IAccessKeySetProvider>());
        Assert.NotNull(provider.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value);
    }

    [Fact]
    public void An_application_key_source_registered_first_wins_over_TryAdd()
    {
        var own = new StaticAccessKeySetProvider(new AccessKeySet(Key));
        using var provider = new ServiceCollection()
            .AddSingleton<IAccessKeySetProvider>(own)
            .AddFirehoseAuth(Section())
            .BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<IAccessKeySetProvider>());
    }

    [Fact]
    public void The_validator_uses_the_TimeProvider_registered_in_the_container()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddFirehoseAuth(o =>
            {
                o.AccessKey = Key;
                o.PreviousAccessKey = "di-test-previous-key";
                o.PreviousAccessKeyValidUntil = time.GetUtcNow().AddMinutes(10);
            })
            .BuildServiceProvider();
        var validator = provider.GetRequiredService<AccessKeyValidator>();

        Assert.Equal(AccessKeyValidationResult.ValidPrevious, validator.Validate("di-test-previous-key"));
        time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(AccessKeyValidationResult.Invalid, validator.Validate("di-test-previous-key"));
    }

    [Fact]
    public void Metrics_work_without_a_host()
    {
        using var provider = new ServiceCollection().AddFirehoseAuth(o => o.AccessKey = Key).BuildServiceProvider();
        var metrics = provider.GetRequiredService<FirehoseAuthMetrics>();
        using var collector = new MetricCollector<long>(metrics.Meter, "firehoseauth.authentications");

        metrics.Authenticated(FirehoseAuthOptions.DefaultStreamName, AccessKeyValidationResult.ValidPrevious);

        var measurement = Assert.Single(collector.GetMeasurementSnapshot());
        Assert.Equal("previous", measurement.Tags["outcome"]);
        Assert.Equal(FirehoseAuthDiagnostics.MeterName, metrics.Meter.Name);
    }

    [Fact]
    public async Task The_key_set_age_is_observed_once_Secrets_Manager_keys_load()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 5, 0, TimeSpan.Zero));
        var source = new GatedSecretValueSource(Key, open: true);
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<ISecretValueSource>(source)
            .AddFirehoseAuth(o => o.SecretsManager.SecretId = "my-secret")
            .BuildServiceProvider();
        var keys = provider.GetRequiredService<IAccessKeySetProvider>();
        using var age = new MetricCollector<double>(provider.GetRequiredService<FirehoseAuthMetrics>().Meter, "firehoseauth.keyset.age");

        await Eventually.TrueAsync(() => keys.Current is not null, "the key set to load");

        time.Advance(TimeSpan.FromSeconds(42));
        age.RecordObservableInstruments();

        Assert.Equal(42d, age.LastMeasurement?.Value);
    }

    [Fact]
    public void Limits_above_what_the_parser_accepts_fail_at_start_up_not_on_every_request()
    {
        using var provider = new ServiceCollection()
            .AddFirehoseAuth(o =>
            {
                o.AccessKey = Key;
                o.Limits.MaxBodySize = 1_500_000_000;
            })
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("FirehoseAuth:Limits:MaxBodySize", StringComparison.Ordinal) && f.Contains("at most", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_limits_and_allow_list_fail_validation_by_setting_name()
    {
        using var provider = new ServiceCollection()
            .AddFirehoseAuth(o =>
            {
                o.AccessKey = Key;
                o.Limits.MaxBodySize = 0;
                o.Limits.MaxDepth = 2;
                o.AllowedSourceArns.Add("my-stream");
            })
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("FirehoseAuth:Limits:MaxBodySize", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("FirehoseAuth:Limits:MaxDepth", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("FirehoseAuth:AllowedSourceArns:0", StringComparison.Ordinal));
    }

    [Fact]
    public void Validation_messages_never_contain_the_key()
    {
        const string secret = "never-print-me-7f3a9c";
        using var provider = new ServiceCollection()
            .AddFirehoseAuth(o =>
            {
                o.AccessKey = secret;
                o.PreviousAccessKey = secret + "-previous";
                o.Limits.MaxRecordCount = -1;
            })
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FirehoseAuthOptions>>().Value);

        Assert.NotEmpty(error.Failures);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        Assert.All(error.Failures, f => Assert.DoesNotContain(secret, f, StringComparison.Ordinal));
    }

    [Fact]
    public void The_registration_tells_whether_the_built_in_key_source_is_in_force()
    {
        var services = new ServiceCollection().AddFirehoseAuth(o => o.AccessKey = Key);
        var registration = (FirehoseAuthRegistration)services.Single(d => d.ServiceType == typeof(FirehoseAuthRegistration)).ImplementationInstance!;
        Assert.True(registration.UsesBuiltInKeySource);

        services.AddSingleton<IAccessKeySetProvider>(new StaticAccessKeySetProvider(null));

        Assert.False(registration.UsesBuiltInKeySource);
    }
}
