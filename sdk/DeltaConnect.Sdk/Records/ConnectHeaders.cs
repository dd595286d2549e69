using System.Collections;
using DeltaConnect.Sdk.Data;

namespace DeltaConnect.Sdk.Records;

/// <summary>The ordered headers of a record. Keys may repeat; the last one with a key usually wins.</summary>
public sealed class ConnectHeaders : IEnumerable<ConnectHeader>
{
    private readonly List<ConnectHeader> _headers;

    /// <summary>Creates empty headers.</summary>
    public ConnectHeaders() => _headers = [];

    /// <summary>Creates headers holding <paramref name="headers"/>.</summary>
    public ConnectHeaders(IEnumerable<ConnectHeader> headers) => _headers = [.. headers];

    /// <summary>How many headers there are.</summary>
    public int Count => _headers.Count;

    /// <summary>Appends a header.</summary>
    public ConnectHeaders Add(string key, object? value, Schema? schema = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        _headers.Add(new ConnectHeader(key, schema, value));
        return this;
    }

    /// <summary>Appends a header.</summary>
    public ConnectHeaders Add(ConnectHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        _headers.Add(header);
        return this;
    }

    /// <summary>Appends a string header.</summary>
    public ConnectHeaders AddString(string key, string? value) => Add(key, value, Schema.OptionalString);

    /// <summary>The last header with <paramref name="key"/>, or null.</summary>
    public ConnectHeader? LastWithName(string key) => _headers.FindLast(h => h.Key == key);

    /// <summary>Every header with <paramref name="key"/>, in order.</summary>
    public IEnumerable<ConnectHeader> AllWithName(string key) => _headers.Where(h => h.Key == key);

    /// <summary>Removes every header with <paramref name="key"/>.</summary>
    public ConnectHeaders Remove(string key)
    {
        _headers.RemoveAll(h => h.Key == key);
        return this;
    }

    /// <summary>Keeps only the last header of each key.</summary>
    public ConnectHeaders RetainLatest()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = _headers.Count - 1; i >= 0; i--)
        {
            if (!seen.Add(_headers[i].Key))
            {
                _headers.RemoveAt(i);
            }
        }

        return this;
    }

    /// <summary>Removes every header.</summary>
    public ConnectHeaders Clear()
    {
        _headers.Clear();
        return this;
    }

    /// <summary>A copy that can be changed without affecting these headers.</summary>
    public ConnectHeaders Duplicate() => new(_headers);

    /// <inheritdoc />
    public IEnumerator<ConnectHeader> GetEnumerator() => _headers.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
