using Microsoft.Extensions.Logging;
using static FirehoseAuth.Pipeline.Tests.PipelineHarness;

namespace FirehoseAuth.Pipeline.Tests;

public sealed class RejectionLogTests
{
    [Fact]
    public async Task A_flood_of_wrong_keys_writes_one_warning_a_minute_with_the_count_it_suppressed_and_never_the_key()
    {
        using var harness = Create(_ => { });
        var pipeline = harness.Pipeline();
        const string wrongKey = "attacker-key-that-must-never-be-logged";

        for (var i = 0; i < 500; i++)
        {
            var id = NewRequestId();
            await SendAsync(pipeline, Request(id, Body(id, "x"), wrongKey), new RecordingHandler());
        }

        harness.Time.Advance(TimeSpan.FromSeconds(30));
        var idBefore = NewRequestId();
        await SendAsync(pipeline, Request(idBefore, Body(idBefore, "x"), wrongKey), new RecordingHandler());
        harness.Time.Advance(TimeSpan.FromSeconds(31));
        var idAfter = NewRequestId();
        await SendAsync(pipeline, Request(idAfter, Body(idAfter, "x"), wrongKey), new RecordingHandler());

        var records = harness.Logs.GetSnapshot();
        var warnings = records.Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains("401", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("InvalidAccessKey", warnings[0].Message, StringComparison.Ordinal);
        Assert.Equal("0", warnings[0].GetStructuredStateValue("Suppressed"));
        Assert.Equal("500", warnings[1].GetStructuredStateValue("Suppressed")); // 499 of the flood + the one at 30 s.
        Assert.Equal(502, records.Count(r => r.Level == LogLevel.Debug && r.Message.Contains("answered 401", StringComparison.Ordinal)));
        Assert.DoesNotContain(records, r => r.Message.Contains(wrongKey, StringComparison.Ordinal) || (r.StructuredState ?? []).Any(kv => kv.Value?.Contains(wrongKey, StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task Each_cause_has_its_own_window()
    {
        using var harness = Create(_ => { });
        var pipeline = harness.Pipeline();

        for (var i = 0; i < 3; i++)
        {
            var id = NewRequestId();
            await SendAsync(pipeline, Request(id, Body(id, "x"), key: null), new RecordingHandler());
            await SendAsync(pipeline, Request(id, Body(id, "x"), "wrong"), new RecordingHandler());
            await SendAsync(pipeline, Request(id, "{"u8.ToArray()), new RecordingHandler());
        }

        var causes = harness.Logs.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.GetStructuredStateValue("ErrorCode")).ToList();
        Assert.Equal(["MissingAccessKey", "InvalidAccessKey", "MalformedBody"], causes);
    }

    [Fact]
    public async Task A_handler_failure_is_logged_per_delivery_as_an_error_not_folded_into_a_warning()
    {
        using var harness = Create(_ => { });
        for (var i = 0; i < 3; i++)
        {
            var id = NewRequestId();
            await SendAsync(harness.Pipeline(), Request(id, Body(id, "x")), new RecordingHandler(new InvalidOperationException("boom")));
        }

        var records = harness.Logs.GetSnapshot();
        Assert.Equal(3, records.Count(r => r.Level == LogLevel.Error));
        Assert.DoesNotContain(records, r => r.Level == LogLevel.Warning);
    }
}
