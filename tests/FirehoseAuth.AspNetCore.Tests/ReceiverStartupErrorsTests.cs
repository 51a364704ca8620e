using System.Text.RegularExpressions;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;

namespace FirehoseAuth.AspNetCore.Tests;

/// <summary>The FirehoseReceiver sample started with bad settings: one readable block, each setting once, no stack trace.</summary>
public sealed partial class ReceiverStartupErrorsTests
{
    /// <summary>samples/FirehoseReceiver/StartupErrors.cs: EX_CONFIG.</summary>
    private const int ConfigurationErrorExitCode = 78;

    private const string NotADuration = "this-looks-like-a-key-1234";

    private static readonly Dictionary<string, string> BadSettings = new()
    {
        ["FirehoseAuth__Limits__MaxBodySize"] = "abc",
        ["FirehoseAuth__Limits__MaxRecordSize"] = "16MiB",
        ["FirehoseAuth__RotationGracePeriod"] = NotADuration,
        ["FirehoseAuth__Limits__MaxDepth"] = "1",
        ["FirehoseAuth__AccessKey"] = string.Empty,
    };

    [Fact]
    public async Task Every_bad_setting_is_named_once_without_a_stack_trace_and_the_exit_code_is_not_zero()
    {
        var (exitCode, stderr) = await ReceiverProcess.RunUntilExitAsync(BadSettings);

        Assert.Equal(ConfigurationErrorExitCode, exitCode);
        Assert.Equal(1, Occurrences(stderr, "FirehoseReceiver did not start"));
        foreach (var setting in new[] { "Limits:MaxBodySize", "Limits:MaxRecordSize", "RotationGracePeriod", "Limits:MaxDepth", "AccessKey" })
        {
            Assert.Equal(1, Occurrences(stderr, $"FirehoseAuth:{setting} "));
        }

        Assert.DoesNotMatch(StackFrame(), stderr);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(NotADuration, stderr, StringComparison.Ordinal);
        Assert.Contains("FirehoseAuth:Limits:MaxBodySize cannot be read as a whole number of bytes", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_the_binder_cannot_read_is_reported_alone_when_it_is_the_only_problem()
    {
        var (exitCode, stderr) = await ReceiverProcess.RunUntilExitAsync(new Dictionary<string, string> { ["FirehoseAuth__Limits__MaxBodySize"] = "abc" });

        Assert.Equal(ConfigurationErrorExitCode, exitCode);
        Assert.Contains("a setting is not valid", stderr, StringComparison.Ordinal);
        Assert.Equal(1, Occurrences(stderr, "FirehoseAuth:"));
        Assert.DoesNotMatch(StackFrame(), stderr);
    }

    [Fact]
    public async Task A_configured_stream_without_a_key_source_stops_start_up_naming_its_settings()
    {
        var (exitCode, stderr) = await ReceiverProcess.RunUntilExitAsync(new Dictionary<string, string> { ["FirehoseAuth__Streams__metrics__Limits__MaxBodySize"] = "1000" });

        Assert.Equal(ConfigurationErrorExitCode, exitCode);
        Assert.Equal(1, Occurrences(stderr, "FirehoseReceiver did not start"));
        Assert.Contains("FirehoseAuth:Streams:metrics:SecretsManager:SecretId", stderr, StringComparison.Ordinal);
        Assert.Contains("FirehoseAuth:Streams:metrics:AccessKey", stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), stderr);
    }

    [Theory]
    [InlineData("--verbose", null)]
    [InlineData(null, "1")]
    public async Task Verbose_adds_the_exception_and_its_stack_trace_once(string? flag, string? variable)
    {
        var environment = new Dictionary<string, string>(BadSettings);
        if (variable is not null)
        {
            environment["FIREHOSE_RECEIVER_VERBOSE"] = variable;
        }

        var (exitCode, stderr) = await ReceiverProcess.RunUntilExitAsync(environment, flag is null ? [] : [flag]);

        Assert.Equal(ConfigurationErrorExitCode, exitCode);
        Assert.Matches(StackFrame(), stderr);
        Assert.Equal(1, Occurrences(stderr, "FirehoseReceiver did not start"));
        Assert.Equal(1, Occurrences(stderr, "System.InvalidOperationException: Failed to convert configuration value"));
    }

    private static int Occurrences(string text, string value) => Regex.Count(text, Regex.Escape(value));

    [GeneratedRegex(@"^\s+at \S", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
