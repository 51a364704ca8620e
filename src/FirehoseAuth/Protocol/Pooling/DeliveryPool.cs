namespace FirehoseAuth.Protocol;

/// <summary>
/// A small lock-free pool of <see cref="FirehoseDelivery"/> instances (with their record-slice arrays), so that a
/// successful parse allocates nothing in steady state. When it is empty a new instance is created; when it is full a
/// returned instance is dropped. Tests that prove every delivery was disposed turn <see cref="CountOutstanding"/> on;
/// production pays for no counter.
/// </summary>
internal static class DeliveryPool
{
    private static readonly FirehoseDelivery?[] Items = new FirehoseDelivery?[Math.Max(4, Environment.ProcessorCount * 2)];
    private static FirehoseDelivery? _fastItem;
    private static long _outstanding;

    /// <summary>
    /// Gets or sets a value indicating whether <see cref="Outstanding"/> counts; set it only before the first parse.
    /// </summary>
    public static bool CountOutstanding { get; set; }

    /// <summary>Gets the number of deliveries rented and not yet disposed, while <see cref="CountOutstanding"/> is on.</summary>
    public static long Outstanding => Interlocked.Read(ref _outstanding);

    public static FirehoseDelivery Rent()
    {
        if (CountOutstanding)
        {
            Interlocked.Increment(ref _outstanding);
        }

        var item = Interlocked.Exchange(ref _fastItem, null);
        if (item is not null)
        {
            return item;
        }

        var items = Items;
        for (var i = 0; i < items.Length; i++)
        {
            item = items[i];
            if (item is not null && Interlocked.CompareExchange(ref items[i], null, item) == item)
            {
                return item;
            }
        }

        return new FirehoseDelivery();
    }

    public static void Return(FirehoseDelivery delivery)
    {
        if (CountOutstanding)
        {
            Interlocked.Decrement(ref _outstanding);
        }

        if (_fastItem is null && Interlocked.CompareExchange(ref _fastItem, delivery, null) is null)
        {
            return;
        }

        var items = Items;
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is null && Interlocked.CompareExchange(ref items[i], delivery, null) is null)
            {
                return;
            }
        }
    }
}
