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
    public void The_catalogue_holds_at_least_60_distinct_named_cases()
    {
        Assert.True(HostileCatalogue.ByName.Count >= 60, $"only {HostileCatalogue.ByName.Count} cases");
        Assert.Contains(HostileCatalogue.ByName.Values, c => c.Status == 200);
        Assert.Contains(HostileCatalogue.ByName.Values, c => c.Status == 400);
    }
}
