using System.Buffers;
using System.Buffers.Text;
using System.Globalization;

namespace FirehoseReceiver;

/// <summary>
/// Formats a decoded delivery's NDJSON lines (see <see cref="PayloadLineCursor"/>) into as many buffers as it takes,
/// resuming inside a piece where the last buffer filled: text through <see cref="JsonStringEscaper"/>, bytes through
/// <see cref="Base64"/>, as <see cref="NdjsonDeliveryFormatter"/> does for raw records.
/// </summary>
internal struct PayloadDeliveryFormatter(PayloadLineCursor cursor) : IDeliveryLineFormatter
{
    /// <summary>The most bytes a number takes: a long is 20, the shortest round-trip double 24.</summary>
    private const int MaxNumberLength = 32;

    private PayloadLineCursor _cursor = cursor;
    private LinePiece _piece;
    private bool _hasPiece;
    private bool _done;
    private int _offset;

    /// <inheritdoc/>
    public readonly int MinimumBufferLength => 64;

    /// <inheritdoc/>
    public readonly bool IsComplete => _done;

    /// <inheritdoc/>
    public int Fill(Span<byte> destination)
    {
        if (destination.Length < MinimumBufferLength)
        {
            throw new ArgumentException($"The buffer must hold at least {MinimumBufferLength} bytes.", nameof(destination));
        }

        var written = 0;
        while (!_done)
        {
            if (!_hasPiece)
            {
                if (!_cursor.MoveNext(out _piece))
                {
                    _done = true;
                    break;
                }

                (_hasPiece, _offset) = (true, 0);
            }

            if (!TryWrite(destination, ref written))
            {
                return written;
            }

            _hasPiece = false;
        }

        return written;
    }

    /// <summary>Writes as much of the current piece as fits.</summary>
    /// <returns>Whether all of it was written.</returns>
    private bool TryWrite(Span<byte> destination, ref int written)
    {
        var room = destination[written..];
        int consumed;
        int produced;
        OperationStatus status;
        switch (_piece.Kind)
        {
            case LinePiece.PieceKind.Literal:
                var rest = _piece.Bytes.Span[_offset..];
                produced = Math.Min(rest.Length, room.Length);
                rest[..produced].CopyTo(room);
                (consumed, status) = (produced, produced == rest.Length ? OperationStatus.Done : OperationStatus.DestinationTooSmall);
                break;
            case LinePiece.PieceKind.Text:
                status = JsonStringEscaper.Escape(_piece.Bytes.Span[_offset..], room, out consumed, out produced);
                break;
            case LinePiece.PieceKind.Base64:
                status = Base64.EncodeToUtf8(_piece.Bytes.Span[_offset..], room, out consumed, out produced);
                break;
            default:
                if (room.Length < MaxNumberLength)
                {
                    return false;
                }

                produced = FormatNumber(_piece, room);
                (consumed, status) = (0, OperationStatus.Done);
                break;
        }

        _offset += consumed;
        written += produced;
        return status == OperationStatus.Done;
    }

    private static int FormatNumber(in LinePiece piece, Span<byte> destination)
    {
        if (piece.Kind == LinePiece.PieceKind.Integer)
        {
            Utf8Formatter.TryFormat(piece.Integer, destination, out var digits);
            return digits;
        }

        if (!double.IsFinite(piece.Number))
        {
            "null"u8.CopyTo(destination);
            return 4;
        }

        // The shortest text that reads back as the same double ("R" semantics), such as 18, 0.5 or 1E+20: all JSON numbers.
        piece.Number.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }
}
