using System.Buffers;
using System.Text;
using System.Text.Json;
using FirehoseAuth.Protocol;
using FsCheck.Xunit;

namespace FirehoseAuth.Tests.Protocol;

public sealed class ResponseWriterTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1578090903599);

    [Fact]
    public void A_success_response_is_exactly_the_request_id_and_timestamp()
        => Assert.Equal("{\"requestId\":\"ed4acda5-034f-9f42-bba1-f29aea6d7d8f\",\"timestamp\":1578090903599}", Write("ed4acda5-034f-9f42-bba1-f29aea6d7d8f", null));

    [Fact]
    public void A_failure_response_adds_the_error_message()
        => Assert.Equal("{\"requestId\":\"id\",\"timestamp\":1578090903599,\"errorMessage\":\"The body is empty.\"}", Write("id", "The body is empty."));

    [Fact]
    public void A_missing_request_id_is_written_as_an_empty_string()
        => Assert.Equal("{\"requestId\":\"\",\"timestamp\":1578090903599}", Write(null, null));

    [Fact]
    public void Quotes_backslashes_and_control_characters_are_escaped()
        => Assert.Equal(
            "{\"requestId\":\"a\\\"b\\\\c\",\"timestamp\":1578090903599,\"errorMessage\":\"\\n\\r\\t\\b\\f\\u0000\\u001f/\"}",
            Write("a\"b\\c", "\n\r\t\b\f\u0000\u001f/"));

    [Fact]
    public void Non_ascii_characters_are_written_as_utf8()
    {
        var bytes = WriteBytes("id", "Zürich 日本 🚀");
        Assert.Equal("{\"requestId\":\"id\",\"timestamp\":1578090903599,\"errorMessage\":\"Zürich 日本 🚀\"}"u8.ToArray(), bytes);
    }

    [Fact]
    public void An_unpaired_surrogate_is_written_as_the_replacement_character()
        => Assert.Equal("{\"requestId\":\"a\uFFFDb\",\"timestamp\":1578090903599}", Write("a\uD800b", null));

    [Fact]
    public void The_error_message_is_cut_to_8192_characters()
    {
        using var document = JsonDocument.Parse(WriteBytes("id", new string('x', 10_000)));
        Assert.Equal(new string('x', 8192), document.RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public void The_error_message_is_not_cut_inside_a_surrogate_pair()
    {
        using var document = JsonDocument.Parse(WriteBytes("id", new string('x', 8191) + "🚀🚀"));
        Assert.Equal(new string('x', 8191), document.RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public void A_huge_request_id_is_cut_so_the_body_stays_far_below_1_MiB()
    {
        var bytes = WriteBytes(new string('"', 2_000_000), new string('\u0001', 2_000_000));
        Assert.True(bytes.Length < 64 * 1024, $"{bytes.Length} bytes");
        using var document = JsonDocument.Parse(bytes);
        Assert.Equal(FirehoseResponseWriter.MaxRequestIdLength, document.RootElement.GetProperty("requestId").GetString()!.Length);
    }

    [Fact]
    public void Negative_timestamps_are_written_as_negative_milliseconds()
        => Assert.Equal("{\"requestId\":\"\",\"timestamp\":-1}", Encoding.UTF8.GetString(WriteAt(null, null, DateTimeOffset.FromUnixTimeMilliseconds(-1))));

    [Fact]
    public void Writing_a_response_allocates_nothing()
    {
        var writer = new ArrayBufferWriter<byte>(64 * 1024);
        var message = new string('é', 9000) + "\"\n";
        long Allocated()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 10; i++)
            {
                writer.ResetWrittenCount();
                FirehoseResponseWriter.GetByteCount("ed4acda5-034f-9f42-bba1-f29aea6d7d8f", Now, message);
                FirehoseResponseWriter.Write(writer, "ed4acda5-034f-9f42-bba1-f29aea6d7d8f", Now, message);
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Allocated();
        Assert.Equal(0, Allocated());
    }

    [Property(MaxTest = 300)]
    public void Any_response_parses_back_with_System_Text_Json(string? requestId, string? errorMessage, long milliseconds)
    {
        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(milliseconds, DateTimeOffset.MinValue.ToUnixTimeMilliseconds(), DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
        using var document = JsonDocument.Parse(WriteAt(requestId, errorMessage, timestamp));
        var root = document.RootElement;
        Assert.Equal(Utf8RoundTrip(requestId ?? ""), root.GetProperty("requestId").GetString());
        Assert.Equal(timestamp.ToUnixTimeMilliseconds(), root.GetProperty("timestamp").GetInt64());
        Assert.Equal(errorMessage is not null, root.TryGetProperty("errorMessage", out var message));
        if (errorMessage is not null)
        {
            var cut = errorMessage.Length <= 8192 ? errorMessage : errorMessage[..(char.IsHighSurrogate(errorMessage[8191]) ? 8191 : 8192)];
            Assert.Equal(Utf8RoundTrip(cut), message.GetString());
        }
    }

    [Property(MaxTest = 300)]
    public void GetByteCount_is_exactly_what_Write_writes(string? requestId, string? errorMessage, long milliseconds)
    {
        var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(milliseconds, DateTimeOffset.MinValue.ToUnixTimeMilliseconds(), DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
        var writer = new ArrayBufferWriter<byte>();
        var written = FirehoseResponseWriter.Write(writer, requestId, timestamp, errorMessage);
        Assert.Equal(writer.WrittenCount, written);
        Assert.Equal(written, FirehoseResponseWriter.GetByteCount(requestId, timestamp, errorMessage));
    }

    private static string Utf8RoundTrip(string value) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value));

    private static string Write(string? requestId, string? errorMessage) => Encoding.UTF8.GetString(WriteBytes(requestId, errorMessage));

    private static byte[] WriteBytes(string? requestId, string? errorMessage) => WriteAt(requestId, errorMessage, Now);

    private static byte[] WriteAt(string? requestId, string? errorMessage, DateTimeOffset timestamp)
    {
        var writer = new ArrayBufferWriter<byte>();
        var written = FirehoseResponseWriter.Write(writer, requestId, timestamp, errorMessage);
        Assert.Equal(written, writer.WrittenCount);
        return writer.WrittenSpan.ToArray();
    }
}
