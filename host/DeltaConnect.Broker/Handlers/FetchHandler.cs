using System.Diagnostics;
using DeltaConnect.Broker.Network;
using DeltaConnect.Broker.Storage;
using DeltaConnect.Protocol.Messages;

namespace DeltaConnect.Broker.Handlers;

/// <summary>
/// Fetch (long-poll: answer as soon as min_bytes are available or max_wait_ms has passed) and ListOffsets.
/// Fetch sessions (KIP-227) are declined by answering session id 0, which makes clients send full fetches.
/// Responses carry whole batches copied straight from the segment files.
/// </summary>
internal sealed class FetchHandler(BrokerContext context)
{
    public async ValueTask<HandlerResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var maxWait = TimeSpan.FromMilliseconds(Math.Max(request.MaxWaitMs, 0));
        while (true)
        {
            // Take the wake-up signals before reading, so an append in between is not missed.
            var signals = request.Topics
                .SelectMany(t => t.Partitions.Select(p => context.Topics.Partition(new TopicPartition(t.Topic, p.Partition))))
                .OfType<PartitionLog>()
                .Select(log => log.NextAppend)
                .ToList();

            var (response, slices, bytes, anyError) = Read(request);
            var remaining = maxWait - Stopwatch.GetElapsedTime(started);
            if (bytes >= request.MinBytes || anyError || remaining <= TimeSpan.Zero || signals.Count == 0 || cancellationToken.IsCancellationRequested)
            {
                return new HandlerResult(response.Write, slices);
            }

            foreach (var slice in slices)
            {
                slice.Dispose();
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(remaining);
            try
            {
                await Task.WhenAny(signals).WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // max_wait_ms passed (or the broker is stopping): answer with what there is.
            }
        }
    }

    public ListOffsetsResponse ListOffsets(ListOffsetsRequest request) =>
        new([.. request.Topics.Select(topic => new ListOffsetsResponse.Topic(
            topic.Name,
            [.. topic.Partitions.Select(p =>
            {
                var log = context.Topics.Partition(new TopicPartition(topic.Name, p.PartitionIndex));
                if (log is null)
                {
                    return new ListOffsetsResponse.Partition(p.PartitionIndex, ErrorCode.UnknownTopicOrPartition, -1, -1, -1);
                }

                if (LeaderEpochError(p.CurrentLeaderEpoch) is { } epochError)
                {
                    return new ListOffsetsResponse.Partition(p.PartitionIndex, epochError, -1, -1, -1);
                }

                var (offset, timestamp) = p.Timestamp switch
                {
                    ListOffsetsRequest.Latest => (log.LogEndOffset, -1L),
                    ListOffsetsRequest.Earliest => (log.LogStartOffset, -1L),
                    _ => log.OffsetForTimestamp(p.Timestamp),
                };
                return new ListOffsetsResponse.Partition(p.PartitionIndex, ErrorCode.None, timestamp, offset, BrokerContext.LeaderEpoch);
            })]))]);

    // Clients send -1 when they do not know the epoch; every partition's epoch is 0, so anything newer is unknown.
    private static ErrorCode? LeaderEpochError(int currentLeaderEpoch) =>
        currentLeaderEpoch > BrokerContext.LeaderEpoch ? ErrorCode.UnknownLeaderEpoch : null;

    private (FetchResponse Response, List<IDisposable> Slices, long Bytes, bool AnyError) Read(FetchRequest request)
    {
        var slices = new List<IDisposable>();
        long bytes = 0;
        var anyError = false;
        var budget = (long)Math.Max(request.MaxBytes, 0);
        var topics = new List<FetchResponse.TopicData>(request.Topics.Count);
        foreach (var topic in request.Topics)
        {
            var partitions = new List<FetchResponse.PartitionData>(topic.Partitions.Count);
            foreach (var p in topic.Partitions)
            {
                var log = context.Topics.Partition(new TopicPartition(topic.Topic, p.Partition));
                if (log is null)
                {
                    anyError = true;
                    partitions.Add(new FetchResponse.PartitionData(p.Partition, ErrorCode.UnknownTopicOrPartition, -1, -1, -1, null));
                    continue;
                }

                if (LeaderEpochError(p.CurrentLeaderEpoch) is { } epochError)
                {
                    anyError = true;
                    partitions.Add(new FetchResponse.PartitionData(p.Partition, epochError, -1, -1, -1, null));
                    continue;
                }

                // KIP-74: the response limit may be exceeded by the first batch only, so consumers always progress.
                var limit = (int)Math.Min(p.PartitionMaxBytes, bytes == 0 ? Math.Max(budget, 1) : budget);
                var read = limit > 0 || bytes == 0 ? log.Read(p.FetchOffset, Math.Max(limit, 1)) : new ReadResult(ErrorCode.None, log.LogEndOffset, log.LogStartOffset, null);
                if (read.Error != ErrorCode.None)
                {
                    anyError = true;
                }

                if (read.Records is { } slice)
                {
                    slices.Add(slice);
                    bytes += slice.Length;
                    budget -= slice.Length;
                }

                partitions.Add(new FetchResponse.PartitionData(p.Partition, read.Error, read.HighWatermark, read.HighWatermark, read.LogStartOffset, read.Records));
            }

            topics.Add(new FetchResponse.TopicData(topic.Topic, partitions));
        }

        return (new FetchResponse(ErrorCode.None, 0, topics), slices, bytes, anyError);
    }
}
