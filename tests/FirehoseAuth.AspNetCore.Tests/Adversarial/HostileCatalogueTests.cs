namespace FirehoseAuth.AspNetCore.Tests.Adversarial;

/// <summary>
/// The hostile-input catalogue against a real endpoint on 127.0.0.1: each named case gets its status and Firehose's
/// JSON error body, the server then still accepts a valid delivery, and every pooled buffer is back.
/// </summary>
[Collection(AdversarialCollection.Name)]
public sealed class HostileCatalogueTests : IClassFixture<AdversarialServer>
{
    private readonly AdversarialServer _server;

    public HostileCatalogueTests(AdversarialServer server) => _server = server;

    public static TheoryData<string> Names => HostileCatalogue.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Hostile_request_gets_its_status_and_the_server_keeps_serving(string name)
    {
        await HostileCatalogue.AssertAnsweredAsync(_server, HostileCatalogue.ByName[name]);
        await _server.AssertStillServingAsync();
        await AdversarialServer.AssertPoolsDrainedAsync();
    }

    [Fact]
    public async Task The_whole_catalogue_twice_returns_every_buffer_and_keeps_the_heap_flat()
    {
        // Warm-up pass: fills ArrayPool.Shared's buckets (up to 64 MiB arrays) and JIT-compiles every path.
        await RunCatalogueAsync();
        await AdversarialServer.AssertPoolsDrainedAsync();
        var heapAfterWarmUp = HeapAfterFullGc();
        var workingSetAfterWarmUp = Environment.WorkingSet;

        await RunCatalogueAsync();
        await RunCatalogueAsync();

        await AdversarialServer.AssertPoolsDrainedAsync();
        await _server.AssertStillServingAsync();
        var heapGrowth = HeapAfterFullGc() - heapAfterWarmUp;
        var workingSetGrowth = Environment.WorkingSet - workingSetAfterWarmUp;
        Assert.True(heapGrowth < 64L * 1024 * 1024, $"the managed heap grew by {heapGrowth / 1024} KiB over two passes");
        Assert.True(workingSetGrowth < 512L * 1024 * 1024, $"the working set grew by {workingSetGrowth / (1024 * 1024)} MiB over two passes");
    }

    internal static long HeapAfterFullGc()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    [Fact]
    public void The_catalogue_holds_at_least_60_distinct_named_cases()
    {
        Assert.True(HostileCatalogue.ByName.Count >= 60, $"only {HostileCatalogue.ByName.Count} cases");
        Assert.Contains(HostileCatalogue.ByName.Values, c => c.Status == 200);
        Assert.Contains(HostileCatalogue.ByName.Values, c => c.Status == 400);
    }

    private async Task RunCatalogueAsync()
    {
        foreach (var hostile in HostileCatalogue.ByName.Values)
        {
            await HostileCatalogue.AssertAnsweredAsync(_server, hostile);
        }
    }
}
