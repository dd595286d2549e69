using System.Diagnostics;
using DeltaConnect.Plugins.Iceberg.Catalog;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Plugins.Iceberg.Sink;

/// <summary>
/// TEST HOOK, not a feature: with the environment variable <see cref="Variable"/> set to a commit step
/// (<c>data-files-written</c>, <c>manifests-written</c>, <c>manifest-list-written</c>, <c>metadata-written</c>,
/// <c>before-pointer-swap</c>, <c>after-pointer-swap</c>) when a task starts, the process kills itself with SIGKILL
/// the first time a table commit reaches that step. Crash-recovery tests use it to stop the real executable at each
/// step of a commit; nothing else should set it.
/// </summary>
internal static class CrashTestHook
{
    public const string Variable = "DELTACONNECT_ICEBERG_CRASH_AT";

    /// <summary>The observer for <see cref="CatalogTable.Commit"/> the environment asks for, or null.</summary>
    public static Action<CommitStep>? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var step = Enum.GetValues<CommitStep>().FirstOrDefault(s => Name(s) == value.Trim(), (CommitStep)(-1));
        if (!Enum.IsDefined(step))
        {
            throw new ConnectException(
                $"{Variable}={value} is not a commit step; use one of {string.Join(", ", Enum.GetValues<CommitStep>().Select(Name))} or unset it (it is a test hook).");
        }

        return reached =>
        {
            if (reached == step)
            {
                Console.Error.WriteLine($"{Variable}={Name(step)}: killing the process with SIGKILL (test hook)");
                Console.Error.Flush();
                using var self = Process.GetCurrentProcess();
                self.Kill(); // SIGKILL on Unix: no cleanup, no further line of code runs
            }
        };
    }

    /// <summary>The kebab-case name of a step, e.g. <c>manifest-list-written</c>.</summary>
    public static string Name(CommitStep step) =>
        string.Concat(step.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
