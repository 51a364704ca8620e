using System.Collections;

namespace FirehoseAuth.Protocol;

/// <summary>
/// The decoded records of one delivery, in order. Each record is a slice of the delivery's pooled buffer.
/// </summary>
/// <remarks>
/// Every <see cref="ReadOnlyMemory{T}"/> obtained from this list is valid only until the owning
/// <see cref="FirehoseDelivery"/> is disposed; copy the bytes to keep them longer. Once the delivery is disposed,
/// <see cref="Count"/> and the indexer throw <see cref="ObjectDisposedException"/>. A <see langword="default"/> list is empty.
/// </remarks>
public readonly struct FirehoseRecordList : IReadOnlyList<ReadOnlyMemory<byte>>
{
    private readonly FirehoseDelivery? _owner;
    private readonly int _generation;

    internal FirehoseRecordList(FirehoseDelivery owner, int generation)
    {
        _owner = owner;
        _generation = generation;
    }

    /// <summary>Gets the number of records.</summary>
    /// <exception cref="ObjectDisposedException">The owning delivery was disposed.</exception>
    public int Count => _owner?.GetCount(_generation) ?? 0;

    /// <summary>Gets the record at <paramref name="index"/>.</summary>
    /// <param name="index">The zero-based record index.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a record index.</exception>
    /// <exception cref="ObjectDisposedException">The owning delivery was disposed.</exception>
    public ReadOnlyMemory<byte> this[int index]
        => _owner is null ? throw new ArgumentOutOfRangeException(nameof(index)) : _owner.GetRecord(index, _generation);

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
