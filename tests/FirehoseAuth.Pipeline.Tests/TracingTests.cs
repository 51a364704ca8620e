using System.Diagnostics;
using FirehoseAuth.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using static FirehoseAuth.Pipeline.Tests.PipelineHarness;

namespace FirehoseAuth.Pipeline.Tests;

/// <summary>The delivery activity as the OpenTelemetry SDK exports it.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task A_delivery_is_one_activity_with_its_stream_request_id_source_records_bytes_outcome_and_status()
    {
        var exported = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(FirehoseAuthDiagnostics.ActivitySourceName).AddInMemoryExporter(exported).Build();
        using var harness = Create(_ => { });
        var id = NewRequestId();

        await SendAsync(harness.Pipeline(), Request(id, Body(id, "hello", "world!")), new RecordingHandler());
        tracer!.ForceFlush();

        var activity = Single(exported, id);
        Assert.Equal("process default", activity.DisplayName);
        Assert.Equal(ActivityKind.Consumer, activity.Kind);
        Assert.Equal("process", activity.GetTagItem("messaging.operation.type"));
        Assert.Equal("process", activity.GetTagItem("messaging.operation.name"));
        Assert.Equal("aws_firehose", activity.GetTagItem("messaging.system"));
        Assert.Equal("default", activity.GetTagItem("messaging.destination.name"));
        Assert.Equal(id, activity.GetTagItem("messaging.message.id"));
        Assert.Equal(SourceArn, activity.GetTagItem("cloud.resource_id"));
        Assert.Equal(2, activity.GetTagItem("messaging.batch.message_count"));
        Assert.Equal(11L, activity.GetTagItem("firehoseauth.record_bytes"));
        Assert.Equal("current", activity.GetTagItem("firehoseauth.authentication.outcome"));
        Assert.Equal(200, activity.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
    }

    [Fact]
    public async Task A_refused_delivery_is_an_error_activity_with_its_cause_and_never_the_key()
    {
        var exported = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(FirehoseAuthDiagnostics.ActivitySourceName).AddInMemoryExporter(exported).Build();
        using var harness = Create(_ => { });
        var id = NewRequestId();
        const string wrongKey = "a-key-that-must-not-be-traced";

        await SendAsync(harness.Pipeline(), Request(id, Body(id, "x"), wrongKey), new RecordingHandler());
        tracer!.ForceFlush();

        var activity = Single(exported, id);
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.Equal("InvalidAccessKey", activity.GetTagItem("error.type"));
        Assert.Equal(401, activity.GetTagItem("http.response.status_code"));
        Assert.Equal("invalid", activity.GetTagItem("firehoseauth.authentication.outcome"));
        Assert.DoesNotContain(activity.TagObjects, t => t.Value?.ToString()?.Contains(wrongKey, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_handler_exception_is_recorded_on_the_activity()
    {
        var exported = new List<Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(FirehoseAuthDiagnostics.ActivitySourceName).AddInMemoryExporter(exported).Build();
        using var harness = Create(_ => { });
        var id = NewRequestId();

        await SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), new RecordingHandler(new InvalidOperationException("boom")));
        tracer!.ForceFlush();

        var activity = Single(exported, id);
        Assert.Equal(500, activity.GetTagItem("http.response.status_code"));
        Assert.Contains(activity.Events, e => e.Name == "exception");
    }

    // The listener is process-wide: tests running in parallel add their own activities; this test's is known by its request id.
    // The exporter appends under its own lock, so a copy taken while another test's activity ends is retried.
    private static Activity Single(List<Activity> exported, string requestId)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return Assert.Single([.. exported], a => Equals(a.GetTagItem("messaging.message.id"), requestId));
            }
            catch (InvalidOperationException) when (attempt < 10)
            {
                // Collection was modified during the copy.
            }
        }
    }
}
