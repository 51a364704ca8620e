using FirehoseAuth.AspNetCore.Tests.Adversarial;
using FirehoseAuth.AspNetCore.Tests.Infrastructure;

namespace FirehoseAuth.AspNetCore.Tests;

/// <summary>
/// The hostile catalogue's protocol cases against the FirehoseReceiver process (the JIT build, or the Native AOT
/// binary when <c>FIREHOSE_RECEIVER_EXECUTABLE</c> names it): the same status and Firehose answer as in process.
/// </summary>
public sealed class ReceiverProcessProtocolTests : IClassFixture<ReceiverProcessProtocolTests.Receiver>
{
    private readonly Receiver _receiver;

    public ReceiverProcessProtocolTests(Receiver receiver) => _receiver = receiver;

    public static TheoryData<string> Names => HostileCatalogue.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Each_protocol_case_is_answered_as_in_process(string name)
        => await HostileCatalogue.AssertAnsweredAsync(_receiver.Client, HostileCatalogue.ByName[name]);

    /// <summary>One receiver process for the class, with the catalogue's key.</summary>
    public sealed class Receiver : IAsyncLifetime
    {
        private ReceiverProcess? _process;

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _process = await ReceiverProcess.StartAsync(new Dictionary<string, string> { ["FirehoseAuth__AccessKey"] = Deliveries.Key });
            Client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = _process.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }
        }
    }
}
