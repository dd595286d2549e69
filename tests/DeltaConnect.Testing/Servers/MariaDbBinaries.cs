namespace DeltaConnect.Testing.Servers;

/// <summary>Paths of the MariaDB server and its data-directory initialiser.</summary>
internal sealed record MariaDbBinaries(string Server, string InstallDb);
