using System.Collections.Concurrent;
using DeltaConnect.Broker.Storage;
using DeltaConnect.Protocol.Messages;
using DeltaConnect.Protocol.Primitives;
using DeltaConnect.Protocol.Records;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Broker.Groups;

/// <summary>
/// The group coordinator for the classic protocol (JoinGroup/SyncGroup/Heartbeat/LeaveGroup) and committed
/// offsets. Groups live in memory; offsets and group generations are written to the compacted
/// <c>__consumer_offsets</c> log before a commit is acknowledged and are read back at start-up, so they survive
/// restarts. A background tick expires members whose session timed out and ends rebalances whose timeout passed.
/// </summary>
internal sealed class GroupCoordinator : IAsyncDisposable
{
    private const int MaxMetadataBytes = 4096;

    private readonly ConcurrentDictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);
    private readonly PartitionLog _offsetsLog;
    private readonly BrokerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _appendLock = new();
    private Task? _ticker;

    public GroupCoordinator(PartitionLog offsetsLog, BrokerOptions options, ILogger logger, TimeProvider time)
    {
        _offsetsLog = offsetsLog;
        _options = options;
        _logger = logger;
        _time = time;
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Reads committed offsets and group generations back from the offsets log, then starts the tick.</summary>
    public void Start()
    {
        var offset = _offsetsLog.LogStartOffset;
        var records = 0;
        while (true)
        {
            var read = _offsetsLog.Read(offset, 1024 * 1024);
            using var slice = read.Records;
            if (slice is null)
            {
                break;
            }

            var bytes = new byte[slice.Length];
            slice.CopyTo(bytes);
            var position = 0;
            while (position + RecordBatchHeader.Size <= bytes.Length)
            {
                var header = RecordBatchHeader.Read(bytes.AsSpan(position));
                using var scratch = new PooledBufferWriter();
                foreach (var record in RecordBatchReader.ReadRecords(bytes.AsMemory(position, header.TotalSize), scratch))
                {
                    if (record.Key is { } key)
                    {
                        OffsetsTopicRecord.Apply(key, record.Value, GetOrCreate, id => _groups.TryRemove(id, out _));
                        records++;
                    }
                }

                offset = header.LastOffset + 1;
                position += header.TotalSize;
            }
        }

        BrokerLog.GroupsLoaded(_logger, _groups.Count, records);
        _ticker = Task.Run(() => TickAsync(_stopping.Token));
    }

    public Task<JoinGroupResponse> JoinAsync(JoinGroupRequest request, string clientId, string clientHost, short version)
    {
        if (string.IsNullOrEmpty(request.GroupId))
        {
            return Task.FromResult(FailedJoin(ErrorCode.InvalidGroupId, request.MemberId));
        }

        if (request.SessionTimeoutMs < _options.GroupMinSessionTimeoutMs || request.SessionTimeoutMs > _options.GroupMaxSessionTimeoutMs)
        {
            return Task.FromResult(FailedJoin(ErrorCode.InvalidSessionTimeout, request.MemberId));
        }

        var group = GetOrCreate(request.GroupId);
        var now = Now;
        Task<JoinGroupResponse> result;
        int generation;
        lock (group.Lock)
        {
            generation = group.Generation;
            if (group.State == GroupState.Dead)
            {
                return Task.FromResult(FailedJoin(ErrorCode.CoordinatorNotAvailable, request.MemberId));
            }

            if (!group.Accepts(request.ProtocolType, request.Protocols))
            {
                return Task.FromResult(FailedJoin(ErrorCode.InconsistentGroupProtocol, request.MemberId));
            }

            if (request.MemberId.Length == 0)
            {
                var memberId = $"{clientId}-{Guid.NewGuid()}";
                if (version >= 4)
                {
                    // KIP-394: hand out the id first, so a client that dies before joining leaves no ghost member.
                    group.PendingMemberIds.Add(memberId);
                    return Task.FromResult(FailedJoin(ErrorCode.MemberIdRequired, memberId));
                }

                result = group.AddMember(new GroupMember(memberId, request.GroupInstanceId, clientId, clientHost), request, now, _options.GroupInitialRebalanceDelayMs);
            }
            else if (group.Members.TryGetValue(request.MemberId, out var member))
            {
                member.ClientId = clientId;
                member.ClientHost = clientHost;
                result = group.Rejoin(member, request, now);
            }
            else if (group.PendingMemberIds.Contains(request.MemberId))
            {
                result = group.AddMember(new GroupMember(request.MemberId, request.GroupInstanceId, clientId, clientHost), request, now, _options.GroupInitialRebalanceDelayMs);
            }
            else
            {
                return Task.FromResult(FailedJoin(ErrorCode.UnknownMemberId, request.MemberId));
            }
        }

        PersistIfGenerationChanged(group, generation);
        return result;
    }

    public Task<SyncGroupResponse> SyncAsync(SyncGroupRequest request)
    {
        if (!_groups.TryGetValue(request.GroupId, out var group))
        {
            return Task.FromResult(new SyncGroupResponse(ErrorCode.UnknownMemberId, []));
        }

        lock (group.Lock)
        {
            if (!group.Members.TryGetValue(request.MemberId, out var member))
            {
                return Task.FromResult(new SyncGroupResponse(ErrorCode.UnknownMemberId, []));
            }

            return request.GenerationId != group.Generation
                ? Task.FromResult(new SyncGroupResponse(ErrorCode.IllegalGeneration, []))
                : group.Sync(member, request, Now);
        }
    }

    public ErrorCode Heartbeat(HeartbeatRequest request)
    {
        if (!_groups.TryGetValue(request.GroupId, out var group))
        {
            return ErrorCode.UnknownMemberId;
        }

        lock (group.Lock)
        {
            if (!group.Members.TryGetValue(request.MemberId, out var member))
            {
                return ErrorCode.UnknownMemberId;
            }

            return request.GenerationId != group.Generation ? ErrorCode.IllegalGeneration : group.Heartbeat(member, Now);
        }
    }

    public LeaveGroupResponse Leave(LeaveGroupRequest request)
    {
        if (!_groups.TryGetValue(request.GroupId, out var group))
        {
            return new LeaveGroupResponse(ErrorCode.UnknownMemberId, [.. request.Members.Select(m => new LeaveGroupResponse.Member(m.MemberId, m.GroupInstanceId, ErrorCode.UnknownMemberId))]);
        }

        var results = new List<LeaveGroupResponse.Member>();
        int generation;
        lock (group.Lock)
        {
            generation = group.Generation;
            foreach (var leaving in request.Members)
            {
                if (group.Members.TryGetValue(leaving.MemberId, out var member))
                {
                    group.RemoveMember(member, Now);
                    BrokerLog.MemberLeft(_logger, member.MemberId, group.GroupId);
                    results.Add(new LeaveGroupResponse.Member(leaving.MemberId, leaving.GroupInstanceId, ErrorCode.None));
                }
                else
                {
                    results.Add(new LeaveGroupResponse.Member(leaving.MemberId, leaving.GroupInstanceId, ErrorCode.UnknownMemberId));
                }
            }
        }

        PersistIfGenerationChanged(group, generation);
        var error = request.Members.Count == 1 ? results[0].ErrorCode : ErrorCode.None;
        return new LeaveGroupResponse(error, results);
    }

    /// <summary>
    /// Commits offsets: for members of the current generation, or for "simple" users (generation -1, no member id)
    /// of a group without members. <paramref name="partitionExists"/> rejects unknown topics and partitions.
    /// </summary>
    public OffsetCommitResponse Commit(OffsetCommitRequest request, Func<TopicPartition, bool> partitionExists)
    {
        var error = ErrorCode.None;
        var group = _groups.GetValueOrDefault(request.GroupId);
        if (string.IsNullOrEmpty(request.GroupId))
        {
            error = ErrorCode.InvalidGroupId;
        }
        else if (group is null && request.GenerationId >= 0)
        {
            error = ErrorCode.UnknownMemberId;
        }
        else
        {
            group ??= GetOrCreate(request.GroupId);
            lock (group.Lock)
            {
                error = group.State switch
                {
                    GroupState.Dead => ErrorCode.CoordinatorNotAvailable,
                    _ when request.GenerationId < 0 && group.Members.Count == 0 => ErrorCode.None,
                    GroupState.CompletingRebalance => ErrorCode.RebalanceInProgress,
                    _ when !group.Members.ContainsKey(request.MemberId) => ErrorCode.UnknownMemberId,
                    _ when request.GenerationId != group.Generation => ErrorCode.IllegalGeneration,
                    _ => ErrorCode.None,
                };
                if (group.Members.TryGetValue(request.MemberId, out var member))
                {
                    member.LastHeartbeatMs = Now;
                }
            }
        }

        var now = Now;
        var topics = new List<OffsetCommitResponse.Topic>();
        var records = new List<(byte[] Key, byte[]? Value)>();
        var accepted = new List<(TopicPartition Partition, CommittedOffset Offset)>();
        foreach (var topic in request.Topics)
        {
            var partitions = new List<OffsetCommitResponse.Partition>();
            foreach (var p in topic.Partitions)
            {
                var tp = new TopicPartition(topic.Name, p.PartitionIndex);
                var partitionError = error != ErrorCode.None ? error
                    : !partitionExists(tp) ? ErrorCode.UnknownTopicOrPartition
                    : (p.Metadata?.Length ?? 0) > MaxMetadataBytes ? ErrorCode.OffsetMetadataTooLarge
                    : ErrorCode.None;
                if (partitionError == ErrorCode.None)
                {
                    var committed = new CommittedOffset(p.CommittedOffset, p.CommittedLeaderEpoch, p.Metadata, now);
                    records.Add((OffsetsTopicRecord.OffsetKey(request.GroupId, tp), OffsetsTopicRecord.OffsetValue(committed)));
                    accepted.Add((tp, committed));
                }

                partitions.Add(new OffsetCommitResponse.Partition(p.PartitionIndex, partitionError));
            }

            topics.Add(new OffsetCommitResponse.Topic(topic.Name, partitions));
        }

        if (records.Count > 0)
        {
            var appended = Append(records);
            if (appended != ErrorCode.None)
            {
                return new OffsetCommitResponse([.. topics.Select(t => t with
                {
                    Partitions = [.. t.Partitions.Select(p => p.ErrorCode == ErrorCode.None ? p with { ErrorCode = appended } : p)],
                })]);
            }

            lock (group!.Lock)
            {
                foreach (var (tp, committed) in accepted)
                {
                    group.Offsets[tp] = committed;
                }
            }
        }

        return new OffsetCommitResponse(topics);
    }

    public OffsetFetchResponse FetchOffsets(OffsetFetchRequest request)
    {
        var group = _groups.GetValueOrDefault(request.GroupId);
        Dictionary<TopicPartition, CommittedOffset> offsets;
        if (group is null)
        {
            offsets = [];
        }
        else
        {
            lock (group.Lock)
            {
                offsets = new Dictionary<TopicPartition, CommittedOffset>(group.Offsets);
            }
        }

        IEnumerable<(string Topic, IEnumerable<int> Partitions)> wanted = request.Topics is null
            ? offsets.Keys.GroupBy(k => k.Topic).Select(g => (g.Key, (IEnumerable<int>)g.Select(k => k.Partition).Order()))
            : request.Topics.Select(t => (t.Name, (IEnumerable<int>)t.PartitionIndexes));
        var topics = wanted.Select(t => new OffsetFetchResponse.Topic(
            t.Topic,
            [.. t.Partitions.Select(p => offsets.TryGetValue(new TopicPartition(t.Topic, p), out var c)
                ? new OffsetFetchResponse.Partition(p, c.Offset, c.LeaderEpoch, c.Metadata ?? "", ErrorCode.None)
                : new OffsetFetchResponse.Partition(p, -1, -1, "", ErrorCode.None))]));
        return new OffsetFetchResponse(ErrorCode.None, [.. topics]);
    }

    public DescribeGroupsResponse Describe(DescribeGroupsRequest request) =>
        new([.. request.Groups.Select(id =>
        {
            if (!_groups.TryGetValue(id, out var group))
            {
                return new DescribeGroupsResponse.Group(ErrorCode.None, id, "Dead", "", "", []);
            }

            lock (group.Lock)
            {
                var stable = group.State == GroupState.Stable;
                return new DescribeGroupsResponse.Group(
                    ErrorCode.None,
                    id,
                    group.State.ToString(),
                    group.ProtocolType ?? "",
                    stable ? group.Protocol ?? "" : "",
                    [.. group.Members.Values.Select(m => new DescribeGroupsResponse.Member(
                        m.MemberId,
                        m.GroupInstanceId,
                        m.ClientId,
                        m.ClientHost,
                        stable && group.Protocol is not null ? m.MetadataFor(group.Protocol) : [],
                        stable ? m.Assignment : []))]);
            }
        })]);

    public ListGroupsResponse List(ListGroupsRequest request)
    {
        var groups = new List<ListGroupsResponse.Group>();
        foreach (var group in _groups.Values)
        {
            lock (group.Lock)
            {
                var state = group.State.ToString();
                if (group.State != GroupState.Dead &&
                    (request.StatesFilter.Count == 0 || request.StatesFilter.Contains(state, StringComparer.OrdinalIgnoreCase)))
                {
                    groups.Add(new ListGroupsResponse.Group(group.GroupId, group.ProtocolType ?? "", state));
                }
            }
        }

        return new ListGroupsResponse(ErrorCode.None, groups);
    }

    /// <summary>
    /// Removes committed offsets of some partitions (OffsetDelete). A group with active members keeps them
    /// (GROUP_SUBSCRIBED_TO_TOPIC): only an empty group's offsets may be removed.
    /// </summary>
    public OffsetDeleteResponse DeleteOffsets(OffsetDeleteRequest request)
    {
        if (!_groups.TryGetValue(request.GroupId, out var group))
        {
            return new OffsetDeleteResponse(ErrorCode.GroupIdNotFound, []);
        }

        var tombstones = new List<(byte[] Key, byte[]? Value)>();
        var removed = new List<TopicPartition>();
        ErrorCode partitionError;
        lock (group.Lock)
        {
            if (group.State == GroupState.Dead)
            {
                return new OffsetDeleteResponse(ErrorCode.GroupIdNotFound, []);
            }

            partitionError = group.Members.Count > 0 ? ErrorCode.GroupSubscribedToTopic : ErrorCode.None;
            if (partitionError == ErrorCode.None)
            {
                foreach (var topic in request.Topics)
                {
                    foreach (var partition in topic.Partitions)
                    {
                        var tp = new TopicPartition(topic.Name, partition);
                        if (group.Offsets.ContainsKey(tp))
                        {
                            tombstones.Add((OffsetsTopicRecord.OffsetKey(request.GroupId, tp), null));
                            removed.Add(tp);
                        }
                    }
                }
            }
        }

        if (tombstones.Count > 0)
        {
            partitionError = Append(tombstones);
            if (partitionError == ErrorCode.None)
            {
                lock (group.Lock)
                {
                    foreach (var tp in removed)
                    {
                        group.Offsets.Remove(tp);
                    }
                }
            }
        }

        return new OffsetDeleteResponse(ErrorCode.None, [.. request.Topics.Select(t =>
            new OffsetDeleteResponse.Topic(t.Name, [.. t.Partitions.Select(p => new OffsetDeleteResponse.Partition(p, partitionError))]))]);
    }

    public DeleteGroupsResponse Delete(DeleteGroupsRequest request)
    {
        var results = new List<DeleteGroupsResponse.Result>();
        foreach (var id in request.GroupIds)
        {
            if (!_groups.TryGetValue(id, out var group))
            {
                results.Add(new DeleteGroupsResponse.Result(id, ErrorCode.GroupIdNotFound));
                continue;
            }

            List<(byte[] Key, byte[]? Value)> tombstones;
            lock (group.Lock)
            {
                if (group.State != GroupState.Empty)
                {
                    results.Add(new DeleteGroupsResponse.Result(id, ErrorCode.NonEmptyGroup));
                    continue;
                }

                tombstones = [.. group.Offsets.Keys.Select(tp => (OffsetsTopicRecord.OffsetKey(id, tp), (byte[]?)null))];
                tombstones.Add((OffsetsTopicRecord.GroupKey(id), null));
                group.MarkDead(Now);
            }

            var error = Append(tombstones);
            _groups.TryRemove(id, out _);
            results.Add(new DeleteGroupsResponse.Result(id, error));
        }

        return new DeleteGroupsResponse(results);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_ticker is not null)
        {
            await _ticker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        foreach (var group in _groups.Values)
        {
            lock (group.Lock)
            {
                foreach (var member in group.Members.Values)
                {
                    member.PendingJoin?.TrySetResult(FailedJoin(ErrorCode.CoordinatorNotAvailable, member.MemberId));
                    member.PendingSync?.TrySetResult(new SyncGroupResponse(ErrorCode.CoordinatorNotAvailable, []));
                }
            }
        }

        _stopping.Dispose();
    }

    private static JoinGroupResponse FailedJoin(ErrorCode error, string memberId) => new(error, -1, null, "", memberId, []);

    private ConsumerGroup GetOrCreate(string groupId) => _groups.GetOrAdd(groupId, id => new ConsumerGroup(id));

    private void PersistIfGenerationChanged(ConsumerGroup group, int previousGeneration)
    {
        byte[] value;
        lock (group.Lock)
        {
            if (group.Generation == previousGeneration)
            {
                return;
            }

            value = OffsetsTopicRecord.GroupValue(group, Now);
        }

        Append([(OffsetsTopicRecord.GroupKey(group.GroupId), value)]);
    }

    private ErrorCode Append(IReadOnlyList<(byte[] Key, byte[]? Value)> records)
    {
        var now = Now;
        using var buffer = new PooledBufferWriter();
        RecordBatchBuilder.Write(
            buffer,
            [.. records.Select((r, i) => new Record(i, now, r.Key, r.Value is null ? null : r.Value, []))],
            new RecordBatchOptions { BaseOffset = 0 });
        lock (_appendLock)
        {
            var result = _offsetsLog.Append(buffer.WrittenMemory, acks: -1);
            if (result.Error != ErrorCode.None)
            {
                BrokerLog.OffsetsAppendFailed(_logger, result.Error, result.Message);
            }

            return result.Error;
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100), _time);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            foreach (var group in _groups.Values)
            {
                int generation;
                IReadOnlyList<GroupMember> expired;
                lock (group.Lock)
                {
                    generation = group.Generation;
                    expired = group.Tick(Now);
                }

                foreach (var member in expired)
                {
                    BrokerLog.MemberSessionExpired(_logger, member.MemberId, group.GroupId, member.SessionTimeoutMs);
                }

                PersistIfGenerationChanged(group, generation);
            }
        }
    }
}
