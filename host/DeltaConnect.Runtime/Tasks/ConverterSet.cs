using DeltaConnect.Sdk.Converters;

namespace DeltaConnect.Runtime.Tasks;

/// <summary>A task's key, value and header converters.</summary>
internal sealed record ConverterSet(Converter Key, Converter Value, HeaderConverter Header) : IDisposable
{
    public void Dispose()
    {
        Key.Dispose();
        Value.Dispose();
        Header.Dispose();
    }
}
