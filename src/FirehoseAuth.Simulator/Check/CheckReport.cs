using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FirehoseAuth.Simulator;

/// <summary>Prints check results: one line per case and a summary, or the same as JSON (Utf8JsonWriter).</summary>
internal static class CheckReport
{
    public static string Line(CheckResult result) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(result.Passed ? "PASS" : "FAIL")} {result.Name} ({Status(result.StatusCode)}, {result.Elapsed.TotalMilliseconds:0} ms): {(result.Passed ? result.Description : string.Join(" ", result.Reasons))}");

    public static string Summary(IReadOnlyList<CheckResult> results)
    {
        var failed = results.Where(r => !r.Passed).Select(r => r.Name).ToArray();
        return failed.Length == 0
            ? $"check: all {results.Count} cases passed"
            : $"check: {results.Count - failed.Length} of {results.Count} cases passed; failed: {string.Join(", ", failed)}";
    }

    public static string Json(Uri url, IReadOnlyList<CheckResult> results)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("url"u8, url.ToString());
            writer.WriteBoolean("passed"u8, results.All(r => r.Passed));
            writer.WriteNumber("passedCount"u8, results.Count(r => r.Passed));
            writer.WriteNumber("failedCount"u8, results.Count(r => !r.Passed));
            writer.WriteStartArray("cases"u8);
            foreach (var result in results)
            {
                writer.WriteStartObject();
                writer.WriteString("name"u8, result.Name);
                writer.WriteString("description"u8, result.Description);
                writer.WriteBoolean("passed"u8, result.Passed);
                if (result.StatusCode is { } status)
                {
                    writer.WriteNumber("status"u8, status);
                }
                else
                {
                    writer.WriteNull("status"u8);
                }

                writer.WriteNumber("elapsedMs"u8, Math.Round(result.Elapsed.TotalMilliseconds, 1));
                writer.WriteStartArray("reasons"u8);
                foreach (var reason in result.Reasons)
                {
                    writer.WriteStringValue(reason);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Status(int? status) => status?.ToString(CultureInfo.InvariantCulture) ?? "no answer";
}
