using System.Buffers.Text;
using System.IO.Compression;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FirehoseAuth.Protocol;

namespace FirehoseAuth.Benchmarks.Protocol;

/// <summary>
/// FirehoseAuth's parser against the physical ceilings (memcpy, base64 alone, a bare <see cref="Utf8JsonReader"/>
/// pass, reader + base64, gunzip alone, and copy (or gunzip) + base64: what reading a body out of a <see cref="Stream"/>
/// costs at least) and the naive ways to write it (<see cref="JsonSerializer"/> into POCOs).
/// </summary>
/// <remarks>
/// Every method hands each decoded record to a <see cref="RecordSink"/>; <see cref="Setup"/> compares each method's
/// output with the source records before anything is timed. The ceilings work on the uncompressed JSON (gunzip is
/// measured alone); the baselines and the parser start from the wire body (gzip'd when <see cref="Gzip"/>).
/// <see cref="GunzipAlone"/> does nothing for uncompressed bodies; <see cref="CopyThenBase64"/> gunzips gzip'd ones
/// instead of copying them, so it is the floor for a gzip'd body: gunzip and base64, one after the other.
/// </remarks>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private readonly RecordSink _sink = new();
    private BenchmarkBody _body = null!;
    private byte[] _wire = null!;
    private byte[] _copy = null!;
    private byte[] _decoded = null!;
    private byte[] _gunzipped = null!;
    private MemoryStream _stream = null!;
    private ReplayPipeReader _pipe = null!;
    private FirehoseRequestHeaders _headers;
    private FirehoseParserOptions _options = null!;

    [Params(BodyShape.A_500x2KiB, BodyShape.B_10000x100B, BodyShape.C_1x4MiB)]
    public BodyShape Shape { get; set; }

    [Params(false, true)]
    public bool Gzip { get; set; }

    [Params(PayloadKind.JsonLogLines, PayloadKind.RandomBytes)]
    public PayloadKind Payload { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = BenchmarkBody.Create(Shape, Payload);
        _wire = Gzip ? _body.Gzip : _body.Json;
        _copy = new byte[_wire.Length];
        _decoded = new byte[_body.Json.Length];
        _gunzipped = new byte[_body.Json.Length + 1];
        _stream = new MemoryStream(_wire, writable: false);
        _pipe = new ReplayPipeReader(_wire);
        _headers = new FirehoseRequestHeaders
        {
            RequestId = "ed4acda5-034f-9f42-bba1-f29aea6d7d8f",
            ContentType = "application/json",
            ContentEncoding = Gzip ? "gzip" : null,
            ContentLength = _wire.Length,
        };

        // Shape (c) has one 4 MiB record, above Firehose's 1,024,000-byte limit: raise the limit for it.
        _options = new FirehoseParserOptions { MaxRecordSize = 4 * 1024 * 1024 };
        Verify();
    }

    [Benchmark(Description = "Ceiling: Span.CopyTo of the wire body")]
    public int CopyBody()
    {
        _wire.AsSpan().CopyTo(_copy);
        return _copy.Length;
    }

    [Benchmark(Description = "Ceiling: Base64.DecodeFromUtf8 of the pre-extracted record strings")]
    public long Base64Alone() => DecodeDataStrings(_body.Json);

    [Benchmark(Description = "Ceiling: Span.CopyTo (gunzip if gzip'd) + Base64 of the result (the floor for anything that reads a Stream)")]
    public long CopyThenBase64()
    {
        if (Gzip)
        {
            GunzipAlone();
            return DecodeDataStrings(_gunzipped);
        }

        CopyBody();
        return DecodeDataStrings(_copy);
    }

    private long DecodeDataStrings(ReadOnlySpan<byte> json)
    {
        var written = 0;
        foreach (var (offset, length) in _body.DataStrings)
        {
            Base64.DecodeFromUtf8(json.Slice(offset, length), _decoded.AsSpan(written), out _, out var count);
            _sink.Add(_decoded.AsSpan(written, count));
            written += count;
        }

        return _sink.TotalBytes;
    }

    [Benchmark(Description = "Ceiling: Utf8JsonReader touching every token")]
    public long ReaderAlone()
    {
        var reader = new Utf8JsonReader(_body.Json);
        long touched = 0;
        while (reader.Read())
        {
            touched += reader.ValueSpan.Length + (int)reader.TokenType;
        }

        return touched;
    }

    [Benchmark(Description = "Ceiling: Utf8JsonReader + Base64.DecodeFromUtf8")]
    public long ReaderPlusBase64()
    {
        var reader = new Utf8JsonReader(_body.Json);
        var written = 0;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("data"u8) && reader.Read())
            {
                Base64.DecodeFromUtf8(reader.ValueSpan, _decoded.AsSpan(written), out _, out var count);
                _sink.Add(_decoded.AsSpan(written, count));
                written += count;
            }
        }

        return _sink.TotalBytes;
    }

    [Benchmark(Description = "Ceiling: gunzip alone (gzip'd bodies only)")]
    public int GunzipAlone()
    {
        if (!Gzip)
        {
            return 0;
        }

        _stream.Position = 0;
        using var gzip = new GZipStream(_stream, CompressionMode.Decompress, leaveOpen: true);
        var total = 0;
        int read;
        while ((read = gzip.Read(_gunzipped, total, _gunzipped.Length - total)) > 0)
        {
            total += read;
        }

        return total;
    }

    [Benchmark(Baseline = true, Description = "Naive: JsonSerializer (string data) + Convert.FromBase64String")]
    public long NaiveStringData()
    {
        var request = JsonSerializer.Deserialize<NaiveRequest>(OpenWire())!;
        foreach (var record in request.Records!)
        {
            _sink.Add(Convert.FromBase64String(record.Data!));
        }

        return _sink.TotalBytes;
    }

    [Benchmark(Description = "Naive: JsonSerializer (byte[] data)")]
    public long NaiveByteArrayData()
    {
        var request = JsonSerializer.Deserialize<NaiveBytesRequest>(OpenWire())!;
        foreach (var record in request.Records!)
        {
            _sink.Add(record.Data);
        }

        return _sink.TotalBytes;
    }

    [Benchmark(Description = "FirehoseAuth: ParseAsync(Stream)")]
    public long ParserFromStream()
    {
        _stream.Position = 0;
        return Consume(Sync(FirehoseRequestParser.ParseAsync(_stream, _headers, _options, CancellationToken.None)));
    }

    [Benchmark(Description = "FirehoseAuth: ParseAsync(PipeReader)")]
    public long ParserFromPipeReader()
    {
        _pipe.Reset();
        return Consume(Sync(FirehoseRequestParser.ParseAsync(_pipe, _headers, _options, CancellationToken.None)));
    }

    [Benchmark(Description = "FirehoseAuth: TryParse(span), body already in memory")]
    public long ParserFromSpan()
    {
        if (!FirehoseRequestParser.TryParse(_wire, _headers, _options, out var delivery, out var error))
        {
            throw new InvalidOperationException(error.ToString());
        }

        return Consume(FirehoseParseResult.Success(delivery));
    }

    private static FirehoseParseResult Sync(ValueTask<FirehoseParseResult> task)
        => task.IsCompletedSuccessfully ? task.Result : throw new InvalidOperationException("The in-memory body should be read synchronously.");

    private Stream OpenWire()
    {
        _stream.Position = 0;
        return Gzip ? new GZipStream(_stream, CompressionMode.Decompress, leaveOpen: true) : _stream;
    }

    private long Consume(FirehoseParseResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Error.ToString());
        }

        using var delivery = result.Delivery;
        foreach (var record in delivery.Records)
        {
            _sink.Add(record.Span);
        }

        return _sink.TotalBytes;
    }

    private void Verify()
    {
        Check("copy", () => CopyBody(), () => _copy.AsSpan().SequenceEqual(_wire));
        Check("reader", () => ReaderAlone(), () => true);
        if (Gzip)
        {
            Check("gunzip", () => GunzipAlone(), () => _gunzipped.AsSpan(0, _body.Json.Length).SequenceEqual(_body.Json));
        }

        CheckRecords("base64", () => Base64Alone());
        CheckRecords("copy+base64", () => CopyThenBase64());

        CheckRecords("reader+base64", () => ReaderPlusBase64());
        CheckRecords("naive string", () => NaiveStringData());
        CheckRecords("naive byte[]", () => NaiveByteArrayData());
        CheckRecords("parser stream", () => ParserFromStream());
        CheckRecords("parser pipe", () => ParserFromPipeReader());
        CheckRecords("parser span", () => ParserFromSpan());
    }

    private static void Check(string name, Action run, Func<bool> isRight)
    {
        run();
        if (!isRight())
        {
            throw new InvalidOperationException($"{name}: wrong output");
        }
    }

    private void CheckRecords(string name, Action run)
    {
        _sink.StartCollecting();
        run();
        var records = _sink.StopCollecting();
        if (records.Count != _body.Records.Length || records.Where((r, i) => !r.AsSpan().SequenceEqual(_body.Records[i])).Any())
        {
            throw new InvalidOperationException($"{name}: decoded records differ from the source records");
        }
    }
}
