using DeltaConnect.Testing.Fixtures;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
[assembly: AssemblyFixture(typeof(MariaDbFixture))]
