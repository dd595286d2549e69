using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Plugins.Processors.Schemas;

/// <summary>
/// A small least-recently-used map from an input schema to the schema a transform derives from it, so the derived
/// schema is built once per input schema rather than once per record (Kafka Connect keeps 16 per transform too).
/// Safe for concurrent use.
/// </summary>
internal sealed class SchemaCache
{
    /// <summary>How many schemas a transform remembers unless told otherwise.</summary>
    public const int DefaultCapacity = 16;

    private readonly int _capacity;
    private readonly Dictionary<Schema, LinkedListNode<KeyValuePair<Schema, Schema>>> _entries;
    private readonly LinkedList<KeyValuePair<Schema, Schema>> _recency = new();
    private readonly Lock _lock = new();

    public SchemaCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _entries = new Dictionary<Schema, LinkedListNode<KeyValuePair<Schema, Schema>>>(capacity);
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

    public bool TryGet(Schema input, out Schema derived)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(input, out var node))
            {
                if (node != _recency.First)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                }

                derived = node.Value.Value;
                return true;
            }
        }

        derived = null!;
        return false;
    }

    public void Add(Schema input, Schema derived)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(input, out var existing))
            {
                _recency.Remove(existing);
            }
            else if (_entries.Count >= _capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            _entries[input] = _recency.AddFirst(new KeyValuePair<Schema, Schema>(input, derived));
        }
    }

    /// <summary>Forgets every schema (when the transform is configured again).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
            _recency.Clear();
        }
    }

    /// <summary>The cached derived schema of <paramref name="input"/>, building and caching it when missing.</summary>
    public Schema GetOrAdd<TState>(Schema input, TState state, Func<Schema, TState, Schema> build)
    {
        if (TryGet(input, out var derived))
        {
            return derived;
        }

        derived = build(input, state);
        Add(input, derived);
        return derived;
    }
}
