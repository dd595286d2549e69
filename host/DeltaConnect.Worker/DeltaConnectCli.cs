using System.CommandLine;
using DeltaConnect.Worker.Commands;

namespace DeltaConnect.Worker;

/// <summary>
/// Builds the <c>deltaconnect</c> command tree. Each verb (broker, standalone, distributed, plugins,
/// connectors) is added here by the subsystem that implements it; this type only assembles them.
/// </summary>
internal static class DeltaConnectCli
{
    internal const string Description =
        "DeltaConnect: change-data-capture and data movement between databases, Kafka topics and derived stores.";

    public static RootCommand Create()
    {
        // RootCommand carries the standard --help and --version options; --version prints the
        // assembly's informational version (the package version plus the commit it was built from).
        return new RootCommand(Description)
        {
            BrokerCommand.Create(),
            StandaloneCommand.Create(),
            PluginsCommand.Create(),
            ConnectorsCommand.Create(),
        };
    }
}
