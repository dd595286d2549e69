using System.Runtime.InteropServices;
using System.Text;

namespace DeltaConnect.Plugins.Iceberg.Catalog;

/// <summary>
/// Creates a file only if no file of that name exists, atomically: the content goes to a temporary file that is then
/// hard-linked to the final name. <c>link(2)</c> fails with EEXIST when the name is taken, which no exists-check followed
/// by a rename can guarantee (<see cref="File.Move(string, string, bool)"/> without overwrite is not atomic on Linux).
/// </summary>
internal static partial class AtomicFile
{
    private const int EEXIST = 17;

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/>; false when the file already exists.
    /// <paramref name="written"/> runs once the content is on disk, before it is linked to its name.
    /// </summary>
    public static bool TryCreate(string path, string content, Action? written = null)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(Encoding.UTF8.GetBytes(content));
            file.Flush(flushToDisk: true);
        }

        written?.Invoke();

        try
        {
            if (Link(temp, path) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            return errno == EEXIST
                ? false
                : throw new IOException($"link(\"{temp}\", \"{path}\") failed with errno {errno}.");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Replaces a file's content atomically (write a temporary file, rename it over the target).</summary>
    public static void Replace(string path, string content)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existingPath, string newPath);
}
