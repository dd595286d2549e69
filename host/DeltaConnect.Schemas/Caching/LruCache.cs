using System.Diagnostics.CodeAnalysis;

namespace DeltaConnect.Schemas.Caching;

/// <summary>
/// A thread-safe map that keeps at most <c>capacity</c> entries, evicting the least recently used one when full
/// (Kafka Connect's <c>SynchronizedCache(LRUCache)</c>). A capacity of 0 keeps nothing. Lookups may use an alternate
/// key type that the comparer understands (a byte span for a byte-array key), so a hit allocates nothing.
/// </summary>
internal sealed class LruCache<TKey, TValue>
    where TKey : notnull
{
    private readonly int _capacity;
    private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> _entries;
    private readonly LinkedList<KeyValuePair<TKey, TValue>> _recency = new();
    private readonly Lock _lock = new();

    public LruCache(int capacity, IEqualityComparer<TKey> comparer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _entries = new Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>>(comparer);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                MarkUsed(node);
                value = node.Value.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    public bool TryGet<TAlternateKey>(TAlternateKey key, [MaybeNullWhen(false)] out TValue value)
        where TAlternateKey : notnull, allows ref struct
    {
        lock (_lock)
        {
            if (_entries.GetAlternateLookup<TAlternateKey>().TryGetValue(key, out var node))
            {
                MarkUsed(node);
                value = node.Value.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    public void Add(TKey key, TValue value)
    {
        if (_capacity == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                _recency.Remove(existing);
                _entries.Remove(key);
            }

            _entries[key] = _recency.AddFirst(new KeyValuePair<TKey, TValue>(key, value));
            if (_entries.Count > _capacity)
            {
                var eldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(eldest.Value.Key);
            }
        }
    }

    private void MarkUsed(LinkedListNode<KeyValuePair<TKey, TValue>> node)
    {
        if (node != _recency.First)
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
        }
    }
}
