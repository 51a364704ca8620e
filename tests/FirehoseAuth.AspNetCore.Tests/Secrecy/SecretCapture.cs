using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using FirehoseAuth.Diagnostics;
using Microsoft.Extensions.Logging.Testing;

namespace FirehoseAuth.AspNetCore.Tests.Secrecy;

/// <summary>
/// Everything a secret could leak through, captured while a scenario runs: metric instruments, tags and values of the
/// <c>FirehoseAuth</c> meter, every first-chance exception (message, inner exceptions, stack), HTTP responses, the
/// <c>ToString()</c> of library objects, and — at the end — every log record of the host (Trace level).
/// </summary>
public sealed class SecretCapture : IDisposable
{
    private readonly ConcurrentQueue<(string Source, string Text)> _texts = new();
    private readonly ConcurrentQueue<(string Source, byte[] Bytes)> _bytes = new();
    private readonly MeterListener _listener = new();
    private volatile IMeterFactory? _meterFactory;

    public SecretCapture()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FirehoseAuthDiagnostics.MeterName)
            {
                Add("instrument", $"{instrument.Name} {instrument.Unit} {instrument.Description} {string.Join(',', instrument.Tags ?? [])}");
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => AddMeasurement(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => AddMeasurement(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => AddMeasurement(i, value, tags));
        _listener.Start();
        AppDomain.CurrentDomain.FirstChanceException += OnFirstChanceException;
    }

    /// <summary>
    /// Sets the host's meter factory: only its meters are captured. The callback runs inside other hosts' requests
    /// (the listener is process-wide), so it must never throw or touch a service provider.
    /// </summary>
    public void ListenTo(IMeterFactory meterFactory) => _meterFactory = meterFactory;

    /// <summary>Gets the number of measurements seen (a sweep that saw none proves nothing).</summary>
    public int Measurements => _measurements;

    private int _measurements;

    public void Add(string source, string? text)
    {
        if (text is not null)
        {
            _texts.Enqueue((source, text));
        }
    }

    public void AddBytes(string source, byte[] bytes) => _bytes.Enqueue((source, bytes));

    /// <summary>Captures an exception with everything reachable from it.</summary>
    public void AddException(string source, Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            Add(source, e.GetType().FullName + ": " + e.Message);
            Add(source, e.ToString());
            foreach (var key in e.Data.Keys)
            {
                Add(source, $"{key}={e.Data[key]}");
            }
        }
    }

    /// <summary>Captures a response: status, every header, the raw body (as bytes and as text).</summary>
    public async Task AddResponseAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Add("response status", $"{(int)response.StatusCode} {response.ReasonPhrase}");
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            Add("response header", $"{name}: {string.Join(", ", values)}");
        }

        AddBytes("response body", body);
        Add("response body", Encoding.UTF8.GetString(body));
    }

    /// <summary>Captures every log record of a host: message, exception, structured state, scopes.</summary>
    public void AddLogs(FakeLogCollector logs)
    {
        foreach (var record in logs.GetSnapshot())
        {
            Add("log " + record.Category, $"{record.Level} {record.Id} {record.Message}");
            AddException("log exception " + record.Category, record.Exception);
            foreach (var (name, value) in record.StructuredState ?? [])
            {
                Add("log state " + record.Category, $"{name}={value}");
            }

            foreach (var scope in record.Scopes)
            {
                Add("log scope " + record.Category, Convert.ToString(scope, CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>
    /// Asserts that no secret appears in anything captured: the whole secret, any 12-character slice of it (a truncated
    /// key in a log line), its UTF-8 bytes, its base64 and base64url forms and its hex digest of the UTF-8 bytes.
    /// </summary>
    public void AssertNoLeakOf(IEnumerable<string> secrets)
    {
        _listener.RecordObservableInstruments();
        var forms = secrets.SelectMany(Forms).Distinct(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(forms);

        // One haystack searched once per form (vectorized); the source is looked up only for a hit.
        var texts = _texts.ToArray();
        var haystack = string.Join('\0', texts.Select(t => t.Text));
        foreach (var form in forms)
        {
            if (haystack.Contains(form, StringComparison.OrdinalIgnoreCase))
            {
                var source = texts.First(t => t.Text.Contains(form, StringComparison.OrdinalIgnoreCase)).Source;
                Assert.Fail($"A secret ({Mask(form)}) leaked through {source}.");
            }
        }

        var utf8Forms = forms.Select(Encoding.UTF8.GetBytes).ToList();
        foreach (var (source, bytes) in _bytes)
        {
            foreach (var form in utf8Forms)
            {
                Assert.False(bytes.AsSpan().IndexOf(form) >= 0, $"A secret leaked through {source} (raw bytes).");
            }
        }
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.FirstChanceException -= OnFirstChanceException;
        _listener.Dispose();
    }

    private static IEnumerable<string> Forms(string secret)
    {
        var utf8 = Encoding.UTF8.GetBytes(secret);
        yield return secret;
        yield return Convert.ToBase64String(utf8);
        yield return Convert.ToBase64String(utf8).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        yield return Convert.ToHexString(utf8);
        yield return Uri.EscapeDataString(secret);
        // Slices catch a truncated or partly masked key: every 12-character window of a short key, about 32 spread
        // over a long one.
        const int Slice = 12;
        var step = Math.Max(1, (secret.Length - Slice) / 32);
        for (var start = 0; start + Slice <= secret.Length; start += step)
        {
            yield return secret.Substring(start, Slice);
        }
    }

    private static string Mask(string form) => form.Length <= 4 ? "****" : form[..2] + "…";

    private void AddMeasurement<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_meterFactory is not { } factory || !ReferenceEquals(instrument.Meter.Scope, factory))
        {
            return; // another test's host
        }

        Interlocked.Increment(ref _measurements);
        var builder = new StringBuilder(instrument.Name).Append(' ').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        foreach (var (name, tagValue) in tags)
        {
            builder.Append(' ').Append(name).Append('=').Append(Convert.ToString(tagValue, CultureInfo.InvariantCulture));
        }

        Add("metric", builder.ToString());
    }

    private void OnFirstChanceException(object? sender, FirstChanceExceptionEventArgs e)
    {
        try
        {
            AddException("first-chance exception", e.Exception);
        }
        catch (Exception)
        {
            // Never disturb the code that threw.
        }
    }
}
