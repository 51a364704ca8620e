using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using FirehoseReceiver;
using FsCheck;
using FsCheck.Xunit;

namespace FirehoseAuth.AspNetCore.Tests.Sample;

/// <summary>The escaper's output, quoted, parses to the same string the JSON writer's output parses to.</summary>
public sealed class JsonStringEscaperTests
{
    private static readonly string[] Pieces = [.. Enumerable.Range(0, NdjsonReference.Tricky.Length).Where(i => !char.IsLowSurrogate(NdjsonReference.Tricky[i])).Select(i => char.IsHighSurrogate(NdjsonReference.Tricky[i]) ? NdjsonReference.Tricky.Substring(i, 2) : NdjsonReference.Tricky[i].ToString())];

    [Property(MaxTest = 500)]
    public void Any_text_parses_back_to_the_value_the_JSON_writer_gives(UnicodeString text)
        => AssertSameValue(Encoding.UTF8.GetBytes(text.Get ?? ""));

    [Property(MaxTest = 500)]
    public void Text_made_of_characters_that_need_care_parses_back_to_the_same_value(int[] picks)
        => AssertSameValue(Encoding.UTF8.GetBytes(string.Concat(picks.Select(p => Pieces[(int)((uint)p % Pieces.Length)]))));

    [Property(MaxTest = 300)]
    public void Long_text_that_takes_the_32_byte_path_parses_back_to_the_same_value(int[] picks, PositiveInt plain, PositiveInt repeat)
    {
        var text = string.Concat(picks.Select(p => Pieces[(int)((uint)p % Pieces.Length)]));
        AssertSameValue(Encoding.UTF8.GetBytes(new string('x', plain.Get % 70) + string.Concat(Enumerable.Repeat(text + "\"\"", (repeat.Get % 8) + 1))));
    }

    [Property(MaxTest = 500)]
    public void Any_valid_UTF8_bytes_parse_back_to_the_same_value(byte[] bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            AssertSameValue(bytes);
        }
        else
        {
            AssertSameValue(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes)));
        }
    }

    [Property(MaxTest = 300)]
    public void Escaping_into_small_buffers_in_turn_gives_the_same_bytes_and_never_splits_an_escape(int[] picks, PositiveInt room)
    {
        var source = Encoding.UTF8.GetBytes(string.Concat(picks.Select(p => Pieces[(int)((uint)p % Pieces.Length)])));
        var whole = Escape(source);
        var size = (room.Get % 20) + JsonStringEscaper.MaxExpansion;
        var pieces = new List<byte>();
        var consumed = 0;
        var buffer = new byte[size];
        while (true)
        {
            var status = JsonStringEscaper.Escape(source.AsSpan(consumed), buffer, out var used, out var written);
            Assert.True(written > 0 || status == OperationStatus.Done, "no progress");
            var piece = buffer.AsSpan(0, written);
            Assert.False(EndsInsideAnEscape(piece), $"an escape was split: {Encoding.UTF8.GetString(piece)}");
            pieces.AddRange(piece.ToArray());
            consumed += used;
            if (status == OperationStatus.Done)
            {
                break;
            }
        }

        Assert.Equal(source.Length, consumed);
        Assert.Equal(whole, pieces.ToArray());
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("plain text", "plain text")]
    [InlineData("{\"a\":\"b\\c\"}", "{\\\"a\\\":\\\"b\\\\c\\\"}")]
    [InlineData("\n\r\t\b\f\u0000\u001f", "\\n\\r\\t\\b\\f\\u0000\\u001F")]
    [InlineData("\u2028\u2029\u007f/é", "\u2028\u2029\u007f/é")]
    public void Escapes_only_what_JSON_requires(string text, string expected)
        => Assert.Equal(expected, Encoding.UTF8.GetString(Escape(Encoding.UTF8.GetBytes(text))));

    [Fact]
    public void An_escape_that_does_not_fit_is_left_for_the_next_call()
    {
        var status = JsonStringEscaper.Escape("ab\u0001"u8, new byte[5], out var consumed, out var written);

        Assert.Equal(OperationStatus.DestinationTooSmall, status);
        Assert.Equal(2, consumed);
        Assert.Equal(2, written);
    }

    [Fact]
    public void EscapeAll_into_a_buffer_too_small_is_a_programmer_error()
        => Assert.Throws<ArgumentException>(() => JsonStringEscaper.EscapeAll("\"\""u8, new byte[3]));

    private static void AssertSameValue(byte[] utf8)
    {
        var ours = Encoding.UTF8.GetString([(byte)'"', .. Escape(utf8), (byte)'"']);
        var theirs = Encoding.UTF8.GetString(NdjsonReference.StringLiteral(utf8));
        Assert.Equal(JsonSerializer.Deserialize<string>(theirs), JsonSerializer.Deserialize<string>(ours));
        Assert.Equal(Encoding.UTF8.GetString(utf8), JsonSerializer.Deserialize<string>(ours));
    }

    private static byte[] Escape(byte[] source)
    {
        var destination = new byte[source.Length * JsonStringEscaper.MaxExpansion];
        return destination.AsSpan(0, JsonStringEscaper.EscapeAll(source, destination)).ToArray();
    }

    private static bool EndsInsideAnEscape(ReadOnlySpan<byte> piece)
    {
        // A dangling "\" (an odd run of backslashes at the end), or "\u" with fewer than 4 hex digits after it.
        if (BackslashesBefore(piece, piece.Length) % 2 == 1)
        {
            return true;
        }

        for (var after = 0; after < 4; after++)
        {
            var u = piece.Length - 1 - after;
            if (u >= 1 && piece[u] == 'u' && BackslashesBefore(piece, u) % 2 == 1)
            {
                return true;
            }
        }

        return false;
    }

    private static int BackslashesBefore(ReadOnlySpan<byte> piece, int end)
    {
        var count = 0;
        for (var i = end - 1; i >= 0 && piece[i] == '\\'; i--)
        {
            count++;
        }

        return count;
    }
}
