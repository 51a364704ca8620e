using System.Text;

namespace FirehoseAuth.Testing;

/// <summary>Makes records (the raw bytes of each) from strings, bytes and files.</summary>
public static class FirehoseRecords
{
    /// <summary>One record per string, each encoded as UTF-8.</summary>
    /// <param name="records">The records' text.</param>
    /// <returns>The records, one new array each.</returns>
    public static IReadOnlyList<ReadOnlyMemory<byte>> FromStrings(params IEnumerable<string> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Select(r => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(r)).ToArray();
    }

    /// <summary>One record per byte array (not copied).</summary>
    /// <param name="records">The records' bytes.</param>
    /// <returns>The records.</returns>
    public static IReadOnlyList<ReadOnlyMemory<byte>> FromBytes(params IEnumerable<byte[]> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Select(r => (ReadOnlyMemory<byte>)r).ToArray();
    }

    /// <summary>The whole file as one record.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The file's bytes.</returns>
    public static ReadOnlyMemory<byte> FromFile(string path) => File.ReadAllBytes(path);

    /// <summary>
    /// One record per line of <paramref name="reader"/>, streamed. A line's terminator (<c>\n</c> or <c>\r\n</c>) is
    /// not part of the record unless <paramref name="keepNewline"/> is set, in which case each record ends with <c>\n</c>
    /// (as producers that write NDJSON to Firehose usually do). Empty lines are skipped.
    /// </summary>
    /// <param name="reader">The text, for example <c>File.OpenText(path)</c> or <c>Console.In</c>.</param>
    /// <param name="keepNewline">Whether each record ends with <c>\n</c>.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The records, each a new array.</returns>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> FromLinesAsync(TextReader reader, bool keepNewline = false, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            yield return Encoding.UTF8.GetBytes(keepNewline ? line + "\n" : line);
        }
    }
}
