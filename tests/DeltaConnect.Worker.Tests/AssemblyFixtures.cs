using DeltaConnect.Testing.Fixtures;

[assembly: AssemblyFixture(typeof(BrokerFixture))]
[assembly: AssemblyFixture(typeof(PostgresFixture))]
