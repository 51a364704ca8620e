using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using FirehoseAuth.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace FirehoseAuth.AspNetCore.Tests;

public sealed class FirehoseEndpointMetricsTests
{
    [Fact]
    public async Task Deliveries_records_bytes_and_authentication_outcomes_are_counted()
    {
        await using var server = await FirehoseTestServer.StartAsync(o => o.AccessKey = Deliveries.Key);
        var meter = server.Services.GetRequiredService<FirehoseAuthMetrics>().Meter;
        using var deliveries = new MetricCollector<long>(meter, "firehoseauth.deliveries");
        using var records = new MetricCollector<long>(meter, "firehoseauth.records");
        using var bytes = new MetricCollector<long>(meter, "firehoseauth.record_bytes");
        using var authentications = new MetricCollector<long>(meter, "firehoseauth.authentications");
        var accepted = Deliveries.NewRequestId();
        var refused = Deliveries.NewRequestId();

        using (var ok = await server.Client.SendAsync(Deliveries.Request(accepted, Deliveries.Body(accepted, new byte[10], new byte[32], []))))
        using (var unauthorized = await server.Client.SendAsync(Deliveries.Request(refused, Deliveries.Body(refused, [1]), key: null)))
        {
            Assert.Equal(200, (int)ok.StatusCode);
            Assert.Equal(401, (int)unauthorized.StatusCode);
        }

        Assert.Equal([200, 401], deliveries.GetMeasurementSnapshot().Select(m => (int)m.Tags["http.response.status_code"]!).Order());
        Assert.Equal(3, records.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(42, bytes.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(["current", "missing"], authentications.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!).Order());
    }
}
