using System.Runtime.InteropServices;
using System.Text;

namespace DeltaConnect.Worker.Hosting;

/// <summary>
/// Gives a long-running <c>deltaconnect</c> process (a worker, the broker) a young-generation budget sized for record
/// pipelines, which allocate a short-lived object graph per record.
/// </summary>
/// <remarks>
/// <para>
/// .NET's server collector with dynamic adaptation (DATAS) keeps the young generation small — a collection every
/// ~13 MB allocated, with frequent full collections, measured on the 2-core development VMs — and a record pipeline then
/// spends most of its CPU in the collector and in page faults on freshly committed memory. A budget of tens of
/// megabytes halves the worker's CPU per record there (tests/benchmarks/README.md, worker section) and costs an idle
/// worker nothing, since an idle worker allocates little.
/// </para>
/// <para>
/// The runtime reads the budget only from the <c>DOTNET_GCgen0size</c> environment variable, when it starts: it is not
/// a <c>runtimeconfig.json</c> setting. So on Linux, when the variable is not set, the process executes itself again
/// (<c>execve</c> of <c>/proc/self/exe</c> with the same arguments and environment plus the variable): the same process
/// ID, open files and signal dispositions, before any other work is done. A variable set by the user — any value,
/// <c>0</c> for the runtime's default — is left alone and no re-execution happens.
/// </para>
/// </remarks>
internal static partial class YoungGenerationBudget
{
    /// <summary>The runtime's environment variable (hexadecimal bytes, as every DOTNET_ GC setting).</summary>
    public const string Variable = "DOTNET_GCgen0size";

    /// <summary>The budget chosen when memory allows: 64 MiB per collector heap.</summary>
    public const long PreferredBytes = 64L << 20;

    /// <summary>Below this the runtime's own sizing is kept (a small container).</summary>
    public const long MinimumBytes = 16L << 20;

    private const string LegacyVariable = "COMPlus_GCgen0size";

    /// <summary>
    /// Re-executes the process with <see cref="Variable"/> set when it applies (Linux, variable unset, enough memory);
    /// returns only when it does not apply or the re-execution failed, in which case the process simply continues with
    /// the runtime's default.
    /// </summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux() || Current() is not null)
        {
            return;
        }

        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (Choose(memory, Environment.ProcessorCount) is not { } budget)
        {
            return;
        }

        try
        {
            var arguments = ReadNulSeparated("/proc/self/cmdline");
            var environment = ReadNulSeparated("/proc/self/environ");
            if (arguments.Count == 0)
            {
                return;
            }

            environment.Add(Encoding.ASCII.GetBytes($"{Variable}={Format(budget)}"));
            RemoveDiagnosticsSocket();
            Execute("/proc/self/exe", arguments, environment);
        }
        catch (IOException)
        {
            // /proc not readable (a sandbox): keep the runtime's default.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// The budget for a machine with <paramref name="availableMemory"/> bytes for the process and
    /// <paramref name="processors"/> CPUs (each may get a collector heap of its own): <see cref="PreferredBytes"/>,
    /// less when the young generations of all heaps would take more than an eighth of the memory; null (keep the
    /// runtime's default) below <see cref="MinimumBytes"/>.
    /// </summary>
    public static long? Choose(long availableMemory, int processors)
    {
        var budget = Math.Min(PreferredBytes, availableMemory / (8L * Math.Max(1, processors)));
        return budget >= MinimumBytes ? budget & ~0xFFFFFL : null;
    }

    /// <summary>The value as the runtime reads it: hexadecimal, with the 0x prefix.</summary>
    public static string Format(long bytes) => "0x" + bytes.ToString("X");

    /// <summary>The budget in effect, for the start-up log: the variable's value, or null for the runtime's default.</summary>
    public static string? Current() =>
        Environment.GetEnvironmentVariable(Variable) ?? Environment.GetEnvironmentVariable(LegacyVariable);

    // The runtime listens for diagnostic tools (dotnet-trace, dotnet-counters) on a socket named after the process ID and
    // start time, both of which execve keeps: the runtime of the new image could not bind that name while the file of
    // this one exists, and the tools would find no one listening. The file goes; the new runtime creates it again.
    private static void RemoveDiagnosticsSocket()
    {
        try
        {
            foreach (var socket in DiagnosticsSockets(Environment.ProcessId))
            {
                File.Delete(socket);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The runtime's diagnostics socket files of process <paramref name="processId"/> (in $TMPDIR, else /tmp).</summary>
    internal static IEnumerable<string> DiagnosticsSockets(int processId)
    {
        var directory = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp";
        return Directory.EnumerateFiles(directory, $"dotnet-diagnostic-{processId}-*-socket");
    }

    private static List<byte[]> ReadNulSeparated(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var items = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == 0)
            {
                items.Add(bytes[start..i]);
                start = i + 1;
            }
        }

        if (start < bytes.Length)
        {
            items.Add(bytes[start..]);
        }

        return items;
    }

    // The strings go to execve byte for byte (arguments and environment need not be UTF-8), each NUL-terminated, in
    // NULL-terminated pointer arrays. On success execve does not return; on failure everything is freed again.
    private static void Execute(string path, List<byte[]> arguments, List<byte[]> environment)
    {
        var allocated = new List<IntPtr>();
        try
        {
            var argv = PointerArray(arguments, allocated);
            var envp = PointerArray(environment, allocated);
            _ = ExecuteNative(path, argv, envp);
        }
        finally
        {
            foreach (var pointer in allocated)
            {
                Marshal.FreeHGlobal(pointer);
            }
        }
    }

    private static IntPtr PointerArray(List<byte[]> items, List<IntPtr> allocated)
    {
        var array = Marshal.AllocHGlobal(IntPtr.Size * (items.Count + 1));
        allocated.Add(array);
        for (var i = 0; i < items.Count; i++)
        {
            var item = Marshal.AllocHGlobal(items[i].Length + 1);
            allocated.Add(item);
            Marshal.Copy(items[i], 0, item, items[i].Length);
            Marshal.WriteByte(item, items[i].Length, 0);
            Marshal.WriteIntPtr(array, i * IntPtr.Size, item);
        }

        Marshal.WriteIntPtr(array, items.Count * IntPtr.Size, IntPtr.Zero);
        return array;
    }

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ExecuteNative(string path, IntPtr argv, IntPtr envp);
}
