using System.Collections;

namespace FirehoseAuth.Protocol;

/// <summary>
/// The decoded records of one delivery, in order. Each record is a slice of the delivery's pooled buffer.
/// </summary>
/// <remarks>
/// Every <see cref="ReadOnlyMemory{T}"/> obtained from this list is valid only until the owning
/// <see cref="FirehoseDelivery"/> is disposed; copy the bytes to keep them longer.
/// </remarks>
public readonly struct FirehoseRecordList : IReadOnlyList<ReadOnlyMemory<byte>>
{
    // STUB: the Protocol implementation replaces the internals of this type.

    /// <summary>Gets the number of records.</summary>
    public int Count => throw new NotImplementedException();

    /// <summary>Gets the record at <paramref name="index"/>.</summary>
    /// <param name="index">The zero-based record index.</param>
    public ReadOnlyMemory<byte> this[int index] => throw new NotImplementedException();

    /// <summary>Returns an allocation-free enumerator over the records.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<ReadOnlyMemory<byte>> IEnumerable<ReadOnlyMemory<byte>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Enumerates the records of a <see cref="FirehoseRecordList"/> without allocating.</summary>
    public struct Enumerator : IEnumerator<ReadOnlyMemory<byte>>
    {
        private readonly FirehoseRecordList _list;
        private int _index;

        internal Enumerator(FirehoseRecordList list)
        {
            _list = list;
            _index = -1;
        }

        /// <inheritdoc/>
        public readonly ReadOnlyMemory<byte> Current => _list[_index];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc/>
        public bool MoveNext() => ++_index < _list.Count;

        /// <inheritdoc/>
        public void Reset() => _index = -1;

        /// <inheritdoc/>
        public readonly void Dispose()
        {
        }
    }
}
