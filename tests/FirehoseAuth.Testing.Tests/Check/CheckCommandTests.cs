using FirehoseAuth.Simulator;
using FirehoseAuth.Testing.Tests.Infrastructure;

namespace FirehoseAuth.Testing.Tests.Check;

/// <summary><c>firehose-sim check</c>, called in-process: the project's endpoint passes, a naive receiver fails with the reasons.</summary>
public sealed class CheckCommandTests
{
    [Fact]
    public async Task The_projects_endpoint_passes_every_case()
    {
        await using var endpoint = await ProjectEndpoint.StartAsync();

        var (exit, output) = await RunAsync("check", "--url", endpoint.Url.ToString(), "--key", ProjectEndpoint.Key);

        Assert.True(exit == 0, output);
        Assert.Equal(CheckCatalogue.All.Count, output.Split('\n').Count(l => l.StartsWith("PASS ", StringComparison.Ordinal)));
        Assert.Contains($"check: all {CheckCatalogue.All.Count} cases passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_naive_receiver_fails_and_each_failure_says_why()
    {
        await using var naive = await NaiveReceiver.StartAsync();

        var (exit, output) = await RunAsync("check", "--url", naive.Url.ToString(), "--key", NaiveReceiver.Key, "--answer-wait", "2", "--json");

        Assert.True(exit == 1, output);
        Assert.Contains("\"passed\": false", output, StringComparison.Ordinal);
        Assert.Contains("chunked (Transfer-Encoding: chunked) without Content-Length", output, StringComparison.Ordinal);
        Assert.Contains("A delivery with a wrong access key was answered 413", output, StringComparison.Ordinal);
        Assert.Contains("Expect: 100-continue: A legal delivery was answered 413", output, StringComparison.Ordinal);
        Assert.Contains("Content-Encoding: br was answered 200, as if accepted", output, StringComparison.Ordinal);
        Assert.Contains("was answered 413", output, StringComparison.Ordinal);
        Assert.Contains("not a server error", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_with_another_4xx_than_the_case_names_fails()
    {
        var (exit, output) = await CheckAgainstAsync(422);

        Assert.Equal(1, exit);
        Assert.Contains("A body with Content-Encoding: br was answered 422; it must be refused with 415.", output, StringComparison.Ordinal);
        Assert.Contains("A GET was answered 422; it must be refused with 405.", output, StringComparison.Ordinal);
        Assert.Contains("A delivery with a record that is not base64 was answered 422; it must be refused with 400.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_accepts_any_key_fails_the_key_cases()
    {
        var (exit, output) = await CheckAgainstAsync(200);

        Assert.Equal(1, exit);
        Assert.Contains("FAIL wrong-key", output, StringComparison.Ordinal);
        Assert.Contains("FAIL missing-key", output, StringComparison.Ordinal);
        Assert.Contains("waits for (reads) the body before checking the key", output, StringComparison.Ordinal);
        Assert.Contains("FAIL wrong-key-complete-body", output, StringComparison.Ordinal);
        Assert.Contains("A complete delivery with a wrong access key was answered 200: the receiver accepted a wrong key; it must be refused with 401.", output, StringComparison.Ordinal);
        Assert.Contains("FAIL bad-base64", output, StringComparison.Ordinal);
        Assert.Contains("PASS basic", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_exit_2()
    {
        var (exit, output) = await RunAsync("check", "--url", "not a url", "--key", "k");

        Assert.Equal(2, exit);
        Assert.Contains("--url", output, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>check</c> against a receiver that answers every request with <paramref name="status"/> and a valid body.</summary>
    private static async Task<(int Exit, string Output)> CheckAgainstAsync(int status)
    {
        await using var receiver = new CannedReceiver(id => CannedReceiver.Response(status, "Content-Type: application/json\r\n", CannedReceiver.Json(id, CannedReceiver.Now)));
        return await RunAsync("check", "--url", receiver.Url.ToString(), "--key", "k", "--answer-wait", "2");
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await SimulatorCli.RunAsync(args, TextReader.Null, output, output, CancellationToken.None);
        return (exit, output.ToString());
    }
}
