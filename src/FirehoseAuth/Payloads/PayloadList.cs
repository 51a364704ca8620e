using System.Collections;

namespace FirehoseAuth.Payloads;

/// <summary>
/// A read-only list of decoded items (messages, log events, metrics, dimensions…) held by a
/// <see cref="FirehosePayloadReader"/>.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// Indexing and enumeration allocate nothing. The list is valid until its reader is reset or disposed; after that,
/// <see cref="Count"/> and the indexer throw <see cref="ObjectDisposedException"/>. A <see langword="default"/> list is empty.
/// </remarks>
public readonly struct PayloadList<T> : IReadOnlyList<T>
{
    private readonly PayloadStore? _owner;
    private readonly T[]? _items;
    private readonly int _start;
    private readonly int _count;
    private readonly int _generation;

    internal PayloadList(PayloadStore owner, T[] items, int start, int count)
    {
        _owner = owner;
        _items = items;
        _start = start;
        _count = count;
        _generation = owner.Generation;
    }

    /// <summary>Gets the number of items.</summary>
    /// <exception cref="ObjectDisposedException">The reader was reset or disposed.</exception>
    public int Count
    {
        get
        {
            ThrowIfStale();
            return _count;
        }
    }

    /// <summary>Gets the item at <paramref name="index"/>.</summary>
    /// <param name="index">The zero-based index.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not an item index.</exception>
    /// <exception cref="ObjectDisposedException">The reader was reset or disposed.</exception>
    public T this[int index]
    {
        get
        {
            ThrowIfStale();
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            return _items![_start + index];
        }
    }

    /// <summary>Returns an allocation-free enumerator.</summary>
    /// <returns>The enumerator.</returns>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void ThrowIfStale()
    {
        if (_owner is not null && _owner.Generation != _generation)
        {
            throw new ObjectDisposedException(nameof(FirehosePayloadReader), "The reader that decoded this list was reset or disposed.");
        }
    }

    /// <summary>Enumerates a <see cref="PayloadList{T}"/> without allocating.</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly PayloadList<T> _list;
        private readonly int _count;
        private int _index;

        internal Enumerator(PayloadList<T> list)
        {
            _list = list;
            _count = list.Count;
            _index = -1;
        }

        /// <inheritdoc/>
        public readonly T Current => _list._items![_list._start + _index];

        readonly object? IEnumerator.Current => Current;

        /// <inheritdoc/>
        public bool MoveNext()
        {
            _list.ThrowIfStale();
            return ++_index < _count;
        }

        /// <inheritdoc/>
        public void Reset() => _index = -1;

        /// <inheritdoc/>
        public readonly void Dispose()
        {
        }
    }
}
