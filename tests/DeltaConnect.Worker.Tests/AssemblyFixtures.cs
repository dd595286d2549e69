using DeltaConnect.Testing.Fixtures;

[assembly: AssemblyFixture(typeof(BrokerFixture))]
