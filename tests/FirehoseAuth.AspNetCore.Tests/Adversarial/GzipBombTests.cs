using System.Diagnostics;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>
/// Gzip bombs against the real endpoint: inflation stops at the configured limit (64 MiB body, 16 MiB record), so a
/// 1 GiB bomb costs one bounded buffer and a fraction of a second, never 1 GiB of memory.
/// </summary>
/// <remarks>
/// The answer is 413 (<c>PayloadTooLarge</c>): with default limits only a client that is not Firehose can send a body
/// that inflates past 64 MiB, so the permanent-failure meaning of 413 loses no legal delivery.
/// </remarks>
[Collection(AdversarialCollection.Name)]
public sealed class GzipBombTests : IClassFixture<GzipBomb>, IClassFixture<AdversarialServer>
{
    private readonly GzipBomb _bomb;
    private readonly AdversarialServer _server;

    public GzipBombTests(GzipBomb bomb, AdversarialServer server)
    {
        _bomb = bomb;
        _server = server;
    }

    [Fact]
    public async Task A_1_GiB_gzip_bomb_body_is_413_quickly_and_memory_stays_bounded()
    {
        Assert.InRange(_bomb.Body.Length, 512 * 1024, 4 * 1024 * 1024);
        await _server.AssertStillServingAsync();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();

        const int Bombs = 3;
        for (var i = 0; i < Bombs; i++)
        {
            var requestId = Deliveries.NewRequestId();
            var response = await _server.Server.SendAsync(Deliveries.Request(requestId, _bomb.Body, contentEncoding: "gzip"));
            Assert.Equal(413, response.StatusCode);
            Assert.Equal(requestId, response.RequestId);
            Assert.False(string.IsNullOrEmpty(response.ErrorMessage));
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"three bombs took {clock.Elapsed}");
        await _server.AssertStillServingAsync();
        await AdversarialServer.AssertPoolsDrainedAsync();

        // Inflation stops at 64 MiB: each bomb costs at most one 64 MiB body buffer (with room for its records, a
        // 128 MiB array), never the 1 GiB (or the 2 GiB a doubling MemoryStream would allocate on the way).
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Assert.True(allocated < Bombs * 200L * 1024 * 1024, $"{Bombs} bombs allocated {allocated / (1024 * 1024)} MiB");

        // The arrays go back to ArrayPool.Shared, which may keep one per thread until it trims them: bounded by that.
        var growth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        Assert.True(growth < (Bombs + 1) * 160L * 1024 * 1024, $"the heap grew by {growth / (1024 * 1024)} MiB");
    }

    [Fact]
    public async Task A_gzip_bomb_record_is_400_when_records_are_decompressed()
    {
        Assert.True(_bomb.Record.Length < 1_024_000);
        var received = 0;
        await using var server = await FirehoseTestServer.StartAsync(
            o =>
            {
                o.AccessKey = Deliveries.Key;
                o.Limits.DecompressGzipRecords = true;
            },
            (_, _) =>
            {
                Interlocked.Increment(ref received);
                return ValueTask.CompletedTask;
            },
            kestrel: k => k.ConfigureForFirehose());
        var requestId = Deliveries.NewRequestId();

        var response = await server.SendAsync(Deliveries.Request(requestId, Deliveries.Body(requestId, Deliveries.Utf8("fine"), _bomb.Record)));

        // 400, not 413: the decompressed-record cap is not a Firehose maximum, so Firehose must retry and back it up.
        Assert.Equal(400, response.StatusCode);
        Assert.Equal(requestId, response.RequestId);
        Assert.Equal(0, received);
        await AdversarialServer.AssertPoolsDrainedAsync();
    }
}
