namespace FirehoseAuth.Simulator;

/// <summary>What every case needs: the receiver, its key, a client, and the waits.</summary>
internal sealed record CheckContext(Uri Url, string Key, HttpClient Client, TimeSpan ResponseTimeout, TimeSpan AnswerWait);
