using FirehoseAuth.Authentication;

namespace FirehoseAuth.Tests.Authentication;

/// <summary>A provider whose key set the test sets directly and that counts <see cref="OnUnknownKey"/> calls.</summary>
internal sealed class FakeAccessKeySetProvider(AccessKeySet? keySet) : IAccessKeySetProvider
{
    private volatile AccessKeySet? _current = keySet;
    private int _unknownKeyCount;

    public AccessKeySet? Current
    {
        get => _current;
        set => _current = value;
    }

    public int UnknownKeyCount => Volatile.Read(ref _unknownKeyCount);

    public void OnUnknownKey() => Interlocked.Increment(ref _unknownKeyCount);
}
