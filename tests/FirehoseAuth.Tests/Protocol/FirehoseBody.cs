using System.IO.Compression;
using System.Text;

namespace FirehoseAuth.Tests.Protocol;

/// <summary>Builds request bodies the way Firehose sends them (test vectors written from the specification).</summary>
internal static class FirehoseBody
{
    public const string RequestId = "ed4acda5-034f-9f42-bba1-f29aea6d7d8f";
    public const long Timestamp = 1578090901599;

    /// <summary>A compact body with the given records, base64-encoded.</summary>
    public static byte[] With(params byte[][] records) => Utf8(Json(records));

    /// <summary>The compact JSON text of a body.</summary>
    public static string Json(byte[][] records, string requestId = RequestId, long timestamp = Timestamp)
    {
        var text = new StringBuilder();
        text.Append("{\"requestId\":\"").Append(requestId).Append("\",\"timestamp\":").Append(timestamp).Append(",\"records\":[");
        for (var i = 0; i < records.Length; i++)
        {
            text.Append(i == 0 ? "" : ",").Append("{\"data\":\"").Append(Convert.ToBase64String(records[i])).Append("\"}");
        }

        return text.Append("]}").ToString();
    }

    /// <summary>A body whose fields are given as raw JSON text (for invalid or unusual documents).</summary>
    public static byte[] Raw(string json) => Utf8(json);

    /// <summary>A body with one record "hello" and the given replacement of the records array text.</summary>
    public static string WithRecordsJson(string recordsJson)
        => $"{{\"requestId\":\"{RequestId}\",\"timestamp\":{Timestamp},\"records\":{recordsJson}}}";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Gzip(byte[] data, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, level, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return stream.ToArray();
    }

    public static byte[] Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    public static byte[] Hello => "hello"u8.ToArray();
}
