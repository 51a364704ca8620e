namespace FirehoseAuth.Authentication;

/// <summary>
/// Publishes the <see cref="AccessKeySet"/> currently in force. Reading <see cref="Current"/> is lock-free and never
/// waits on I/O; providers swap in a new immutable snapshot atomically.
/// </summary>
public interface IAccessKeySetProvider
{
    /// <summary>Gets the key set in force, or <see langword="null"/> when none has been loaded yet.</summary>
    AccessKeySet? Current { get; }

    /// <summary>
    /// Tells the provider that a request presented a key matching no active key, so it may refresh early
    /// (rate-limited). Must return immediately.
    /// </summary>
    void OnUnknownKey();
}
