using DeltaConnect.Broker.Groups;
using DeltaConnect.Broker.Storage;
using DeltaConnect.Protocol.Messages;
using DeltaConnect.Testing.Servers;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeltaConnect.Broker.Tests;

/// <summary>The group coordinator driven directly, without a network in between.</summary>
public sealed class GroupCoordinatorTests : IAsyncLifetime
{
    private readonly string _directory = TestRunDirectory.CreateServerDirectory("coordinator");
    private PartitionLog? _log;
    private GroupCoordinator? _coordinator;

    public ValueTask InitializeAsync()
    {
        _log = PartitionLog.Open(Path.Combine(_directory, "offsets"), new TopicPartition("__consumer_offsets", 0), LogConfig.From(name => Topics.TopicConfigs.All[name].Default), recover: false, NullLogger.Instance, TimeProvider.System);
        _coordinator = new GroupCoordinator(_log, new BrokerOptions { DataDirectory = _directory }, NullLogger.Instance, TimeProvider.System);
        _coordinator.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _coordinator!.DisposeAsync();
        _log!.Dispose();
        TestRunDirectory.RemoveServerDirectory(_directory);
    }

    [Fact]
    public async Task First_member_of_a_new_group_gets_a_member_id_then_a_join_response_that_makes_it_leader()
    {
        var request = new JoinGroupRequest("fresh", 10_000, 10_000, "", null, "consumer", [new JoinGroupRequest.Protocol("range", [1, 2, 3])]);

        var first = await _coordinator!.JoinAsync(request, "client", "/127.0.0.1", version: 5);
        Assert.Equal(ErrorCode.MemberIdRequired, first.ErrorCode);
        Assert.StartsWith("client-", first.MemberId, StringComparison.Ordinal);

        var second = await _coordinator.JoinAsync(request with { MemberId = first.MemberId }, "client", "/127.0.0.1", version: 5);
        Assert.Equal(ErrorCode.None, second.ErrorCode);
        Assert.Equal(1, second.GenerationId);
        Assert.Equal(first.MemberId, second.Leader);
        Assert.Equal("range", second.ProtocolName);
        var member = Assert.Single(second.Members);
        Assert.Equal([1, 2, 3], member.Metadata);
    }

    [Fact]
    public async Task The_last_member_rejoining_completes_the_rebalance_with_its_own_response()
    {
        var protocols = new[] { new JoinGroupRequest.Protocol("range", []) };
        var a = await JoinNewMemberAsync("pair", protocols);
        var b = _coordinator!.JoinAsync(new JoinGroupRequest("pair", 10_000, 10_000, "", null, "consumer", protocols), "b", "/127.0.0.1", version: 3);

        // b's join opened a rebalance; a rejoins last and its own call must return the new generation.
        var rejoined = await _coordinator.JoinAsync(new JoinGroupRequest("pair", 10_000, 10_000, a, null, "consumer", protocols), "a", "/127.0.0.1", version: 3);
        var joinedB = await b;

        Assert.Equal(ErrorCode.None, rejoined.ErrorCode);
        Assert.Equal(2, rejoined.GenerationId);
        Assert.Equal(2, joinedB.GenerationId);
        Assert.Equal(rejoined.Leader, joinedB.Leader);
    }

    private async Task<string> JoinNewMemberAsync(string group, JoinGroupRequest.Protocol[] protocols)
    {
        var response = await _coordinator!.JoinAsync(new JoinGroupRequest(group, 10_000, 10_000, "", null, "consumer", protocols), "a", "/127.0.0.1", version: 3);
        Assert.Equal(ErrorCode.None, response.ErrorCode);
        var sync = await _coordinator.SyncAsync(new SyncGroupRequest(group, response.GenerationId, response.MemberId, null, []));
        Assert.Equal(ErrorCode.None, sync.ErrorCode);
        return response.MemberId;
    }
}
