namespace FirehoseAuth.Protocol;

/// <summary>
/// Where <see cref="GzipInflater.Inflate{TSink}"/> writes its output: a pooled array, a delivery's gunzipped-records
/// buffer, a payload arena, or a walker that consumes the output a chunk at a time.
/// </summary>
/// <remarks>Implementations are structs, so that the one gunzip loop is specialized for each and nothing is boxed.</remarks>
internal interface IInflateSink
{
    /// <summary>
    /// Returns free space for the output after the <paramref name="written"/> bytes written so far (what the sink has
    /// not consumed of them stays where it is); the inflater fills it before it asks again, writing at most
    /// <paramref name="room"/> bytes in all before the cap is crossed.
    /// </summary>
    /// <param name="written">The bytes written so far.</param>
    /// <param name="room">The bytes the cap still allows, plus one (to find that the output goes past it).</param>
    /// <returns>The space; empty to stop (the inflater then reports <see cref="InflateStatus.TooLarge"/>).</returns>
    Span<byte> GetSpace(int written, int room);

    /// <summary>Gets the bytes the sink holds, ending with the last byte written (the inflater checks its end marker there).</summary>
    /// <param name="written">The bytes written so far.</param>
    /// <returns>The bytes held.</returns>
    ReadOnlySpan<byte> GetWritten(int written);
}
