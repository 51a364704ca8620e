namespace FirehoseAuth.Protocol;

/// <summary>
/// A small lock-free pool of <see cref="FirehoseDelivery"/> instances (with their record-slice arrays), so that a
/// successful parse allocates nothing in steady state. When it is empty a new instance is created; when it is full a
/// returned instance is dropped.
/// </summary>
internal static class DeliveryPool
{
    private static readonly FirehoseDelivery?[] Items = new FirehoseDelivery?[Math.Max(4, Environment.ProcessorCount * 2)];
    private static FirehoseDelivery? _fastItem;

    public static FirehoseDelivery Rent()
    {
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
