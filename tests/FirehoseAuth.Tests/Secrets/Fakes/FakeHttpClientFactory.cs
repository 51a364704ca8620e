namespace FirehoseAuth.Tests.Secrets.Fakes;

/// <summary>An <see cref="IHttpClientFactory"/> over one handler, like the DI registration (no auto-redirect by default).</summary>
public sealed class FakeHttpClientFactory(bool allowAutoRedirect = false) : IHttpClientFactory, IDisposable
{
    private readonly SocketsHttpHandler _handler = new() { AllowAutoRedirect = allowAutoRedirect, UseProxy = false };

    public List<string> RequestedNames { get; } = [];

    public HttpClient CreateClient(string name)
    {
        lock (RequestedNames)
        {
            RequestedNames.Add(name);
        }

        return new HttpClient(_handler, disposeHandler: false);
    }

    public void Dispose() => _handler.Dispose();
}
