using System.Text;
using FirehoseReceiver;
using FsCheck;
using FsCheck.Xunit;

namespace FirehoseAuth.AspNetCore.Tests.Sample;

/// <summary>The receiver's NDJSON lines hold the values the JSON writer's lines held, whole and in order.</summary>
public sealed class NdjsonRecordWriterTests
{
    [Property(MaxTest = 200)]
    public async Task Any_records_give_the_lines_the_JSON_writer_gives(NonEmptyArray<byte[]> generated, long timestamp, bool named)
    {
        var records = generated.Get.Select(r => r ?? []).ToArray();
        await AssertSameLinesAsync("8ad4b0f5-1f1c-4c5e-9a57-3f0d3b6f2b1a", Math.Abs(timestamp), named ? "orders" : null, records);
    }

    [Property(MaxTest = 200)]
    public async Task Text_records_full_of_characters_that_need_care_give_the_same_values(int[][] picks, UnicodeString stream)
    {
        var pieces = NdjsonReference.Tricky.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var records = (picks.Length == 0 ? [[]] : picks).Select(p => Encoding.UTF8.GetBytes(string.Concat((p ?? []).Select(i => pieces[(int)((uint)i % pieces.Length)])))).ToArray();
        await AssertSameLinesAsync("request-\"\\-\u00e9", 1764331200000, stream.Get ?? "", records);
    }

    [Property(MaxTest = 200)]
    public void A_delivery_formatted_into_small_buffers_in_turn_gives_the_same_bytes(NonEmptyArray<byte[]> generated, PositiveInt room)
    {
        var records = generated.Get.Select(r => r ?? []).ToArray();
        using var delivery = NdjsonReference.Delivery("r", 7, records);
        var prefix = new byte[NdjsonDeliveryFormatter.MaxPrefixLength("r", 0)];
        var prefixLength = NdjsonDeliveryFormatter.WritePrefix("r", 7, [], prefix);

        var whole = new NdjsonDeliveryFormatter(delivery.Records, prefix.AsMemory(0, prefixLength));
        var all = new byte[1 << 20];
        var expected = all.AsSpan(0, whole.Fill(all)).ToArray();
        Assert.True(whole.IsComplete);

        var pieces = new NdjsonDeliveryFormatter(delivery.Records, prefix.AsMemory(0, prefixLength));
        var buffer = new byte[pieces.MinimumBufferLength + (room.Get % 50)];
        var actual = new List<byte>();
        while (!pieces.IsComplete)
        {
            var written = pieces.Fill(buffer);
            Assert.True(written > 0, "no progress");
            actual.AddRange(buffer.AsSpan(0, written).ToArray());
        }

        Assert.Equal(expected, actual.ToArray());
    }

    [Fact]
    public async Task A_record_that_is_not_UTF8_is_written_as_dataBase64()
    {
        var lines = await WriteAsync("r", 1, null, [[0xC3, 0x28], [0xFF], "ok"u8.ToArray()]);

        Assert.Equal("{\"requestId\":\"r\",\"timestamp\":1,\"index\":0,\"dataBase64\":\"wyg=\"}", lines[0]);
        Assert.Equal("{\"requestId\":\"r\",\"timestamp\":1,\"index\":1,\"dataBase64\":\"/w==\"}", lines[1]);
        Assert.Equal("{\"requestId\":\"r\",\"timestamp\":1,\"index\":2,\"data\":\"ok\"}", lines[2]);
    }

    [Fact]
    public async Task A_stream_name_is_written_on_every_line_after_the_timestamp()
    {
        var lines = await WriteAsync("r", 1, "logs \"prod\"", ["a"u8.ToArray(), "b"u8.ToArray()]);

        Assert.All(lines, line => Assert.Contains(",\"timestamp\":1,\"stream\":\"logs \\\"prod\\\"\",\"index\":", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Streams_named_per_call_share_one_writer_and_each_line_names_its_stream()
    {
        using var first = NdjsonReference.Delivery("r1", 1, ["a"u8.ToArray()]);
        using var second = NdjsonReference.Delivery("r2", 2, ["b"u8.ToArray()]);
        using var output = new MemoryStream();
        await using (var writer = new NdjsonRecordWriter(output))
        {
            await writer.WriteAsync(first, "logs", CancellationToken.None);
            await writer.WriteAsync(second, "metrics", CancellationToken.None);
            await writer.WriteAsync(first, "logs", CancellationToken.None);
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n')[..^1];
        Assert.Equal(NdjsonReference.Values(NdjsonReference.Line("r1", 1, "logs", 0, "a"u8.ToArray())), NdjsonReference.Values(lines[0]));
        Assert.Equal(NdjsonReference.Values(NdjsonReference.Line("r2", 2, "metrics", 0, "b"u8.ToArray())), NdjsonReference.Values(lines[1]));
        Assert.Equal(lines[0], lines[2]);
    }

    [Fact]
    public async Task Concurrent_deliveries_never_interleave_and_keep_their_record_order()
    {
        // Deliveries larger than the unlocked buffer are formatted partly under the lock: those must not interleave either.
        var big = Enumerable.Range(0, 6).Select(i => new byte[NdjsonRecordWriter.MaxUnlockedBytes / 4].Select(_ => (byte)('a' + i)).ToArray()).ToArray();
        var small = Enumerable.Range(0, 50).Select(i => Encoding.UTF8.GetBytes($"{{\"n\":{i}}}")).ToArray();
        var deliveries = Enumerable.Range(0, 16).Select(i => NdjsonReference.Delivery($"d{i}", i, i % 4 == 0 ? big : small)).ToList();
        using var output = new MemoryStream();
        await using (var writer = new NdjsonRecordWriter(output))
        {
            await Task.WhenAll(deliveries.Select(d => Task.Run(async () => await writer.WriteAsync(d, CancellationToken.None))));
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n')[..^1];
        Assert.Equal(deliveries.Sum(d => d.Records.Count), lines.Length);
        var runs = lines.Select(NdjsonReference.Values).Select(v => (Id: v[0], Index: v[2])).ToList();
        var seen = new HashSet<string>();
        for (var i = 0; i < runs.Count; i++)
        {
            if (i == 0 || runs[i].Id != runs[i - 1].Id)
            {
                Assert.True(seen.Add(runs[i].Id), $"{runs[i].Id} appears in two runs: lines interleaved");
                Assert.Equal("index|Number|0", runs[i].Index);
            }
            else
            {
                Assert.Equal($"index|Number|{int.Parse(runs[i - 1].Index.Split('|')[2], System.Globalization.CultureInfo.InvariantCulture) + 1}", runs[i].Index);
            }
        }

        deliveries.ForEach(d => d.Dispose());
    }

    private static async Task AssertSameLinesAsync(string requestId, long timestamp, string? stream, byte[][] records)
    {
        var lines = await WriteAsync(requestId, timestamp, stream, records);

        Assert.Equal(records.Length, lines.Length);
        for (var i = 0; i < records.Length; i++)
        {
            Assert.Equal(NdjsonReference.Values(NdjsonReference.Line(requestId, timestamp, stream, i, records[i])), NdjsonReference.Values(lines[i]));
        }
    }

    private static async Task<string[]> WriteAsync(string requestId, long timestamp, string? stream, byte[][] records)
    {
        using var delivery = NdjsonReference.Delivery(requestId, timestamp, records);
        using var output = new MemoryStream();
        await using (var writer = new NdjsonRecordWriter(output, stream))
        {
            await writer.WriteAsync(delivery, CancellationToken.None);
        }

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return text.Split('\n')[..^1];
    }
}
