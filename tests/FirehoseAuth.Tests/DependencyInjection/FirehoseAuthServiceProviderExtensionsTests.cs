using FirehoseAuth.Payloads;
using FirehoseAuth.Tests.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace FirehoseAuth.Tests.DependencyInjection;

public sealed class FirehoseAuthServiceProviderExtensionsTests
{
    private static ServiceProvider Provider() => new ServiceCollection()
        .AddFirehoseAuth(o =>
        {
            o.AccessKey = "default-key-0123456789";
            o.Limits.MaxDecompressedRecordSize = 1000;
        })
        .AddFirehoseAuth("logs", o =>
        {
            o.AccessKey = "logs-key-0123456789";
            o.Limits.MaxDecompressedRecordSize = 2000;
            o.Limits.MaxDecompressedDeliverySize = 3000;
        })
        .AddLogging()
        .BuildServiceProvider();

    [Fact]
    public void Each_stream_gets_its_own_options_and_the_default_stream_its_unnamed_ones()
    {
        using var provider = Provider();

        var logs = provider.GetFirehoseStreamOptions("logs");
        var fallback = provider.GetFirehoseStreamOptions(FirehoseAuthOptions.DefaultStreamName);

        Assert.Equal((2000, 3000L), (logs.Limits.MaxDecompressedRecordSize, logs.Limits.MaxDecompressedDeliverySize));
        Assert.Equal(1000, fallback.Limits.MaxDecompressedRecordSize);
        Assert.Same(logs, provider.GetFirehoseStreamOptions("logs"));
    }

    [Fact]
    public void A_reader_made_from_a_stream_s_limits_applies_its_caps()
    {
        using var provider = Provider();
        var record = FirehoseBody.Gzip(new byte[1600]);

        using var fallback = new FirehosePayloadReader(provider.GetFirehoseStreamOptions(FirehoseAuthOptions.DefaultStreamName).Limits);
        using var logs = new FirehosePayloadReader(provider.GetFirehoseStreamOptions("logs").Limits);

        // 1600 gunzipped bytes: over the default stream's 1000 per record; within the logs stream's 2000 per record
        // (zeros are not JSON), and twice over its 3000 per delivery.
        Assert.Equal(PayloadStatus.DecompressedRecordTooLarge, fallback.ReadCloudWatchLogs(record).Status);
        Assert.Equal(PayloadStatus.InvalidJson, logs.ReadCloudWatchLogs(record).Status);
        Assert.Equal(PayloadStatus.DecompressedDeliveryTooLarge, logs.ReadCloudWatchLogs(record).Status);
    }

    [Fact]
    public void An_unregistered_stream_is_an_error_that_names_it()
    {
        using var provider = Provider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetFirehoseStreamOptions("metrics"));

        Assert.Contains("'metrics'", error.Message, StringComparison.Ordinal);
    }
}
