namespace DeltaConnect.Runtime.Tests.Isolation;

/// <summary>A fresh temporary directory, deleted when disposed.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("deltaconnect-plugins-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary directory does not fail a test.
        }
    }
}
