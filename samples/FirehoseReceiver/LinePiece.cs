namespace FirehoseReceiver;

/// <summary>
/// One piece of an NDJSON line as <see cref="PayloadLineCursor"/> hands it out: bytes copied as they are, UTF-8 text
/// escaped as the contents of a JSON string, bytes as base64, or a number.
/// </summary>
internal readonly struct LinePiece
{
    private LinePiece(PieceKind kind, ReadOnlyMemory<byte> bytes, long integer, double number)
    {
        Kind = kind;
        Bytes = bytes;
        Integer = integer;
        Number = number;
    }

    public enum PieceKind : byte
    {
        /// <summary><see cref="Bytes"/>, copied as they are (JSON punctuation and member names).</summary>
        Literal,

        /// <summary><see cref="Bytes"/>: valid UTF-8, escaped with <see cref="JsonStringEscaper"/>.</summary>
        Text,

        /// <summary><see cref="Bytes"/>, written as base64.</summary>
        Base64,

        /// <summary><see cref="Integer"/>, in decimal.</summary>
        Integer,

        /// <summary><see cref="Number"/>, the shortest text that reads back as the same double (<c>null</c> if not finite).</summary>
        Number,
    }

    public PieceKind Kind { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public long Integer { get; }

    public double Number { get; }

    public static LinePiece Literal(ReadOnlyMemory<byte> bytes) => new(PieceKind.Literal, bytes, 0, 0);

    public static LinePiece Text(ReadOnlyMemory<byte> utf8) => new(PieceKind.Text, utf8, 0, 0);

    public static LinePiece Base64(ReadOnlyMemory<byte> bytes) => new(PieceKind.Base64, bytes, 0, 0);

    public static LinePiece Of(long value) => new(PieceKind.Integer, default, value, 0);

    public static LinePiece Of(double value) => new(PieceKind.Number, default, 0, value);
}
