using System.Globalization;

namespace DeltaConnect.Broker.Producers;

/// <summary>
/// Hands out producer ids for InitProducerId, never twice even across restarts: ids are reserved in blocks whose
/// end is written to <c>producer-ids</c> before any id of the block is used.
/// </summary>
internal sealed class ProducerIdAllocator
{
    private const long BlockSize = 1000;

    private readonly string _path;
    private readonly Lock _lock = new();
    private long _next;
    private long _blockEnd;

    public ProducerIdAllocator(string dataDirectory)
    {
        _path = Path.Combine(dataDirectory, "producer-ids");
        _next = File.Exists(_path) ? long.Parse(File.ReadAllText(_path).Trim(), CultureInfo.InvariantCulture) : 0;
        _blockEnd = _next;
    }

    public long Next()
    {
        lock (_lock)
        {
            if (_next >= _blockEnd)
            {
                _blockEnd = _next + BlockSize;
                File.WriteAllText(_path + ".tmp", _blockEnd.ToString(CultureInfo.InvariantCulture));
                File.Move(_path + ".tmp", _path, overwrite: true);
            }

            return _next++;
        }
    }
}
