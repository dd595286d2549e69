using DeltaConnect.Protocol.Primitives;

namespace DeltaConnect.Protocol.Messages;

/// <summary>
/// A list of per-topic results (name, error code, error message): CreateTopics (key 19, versions 0-4: message
/// from v1, throttle from v2), DeleteTopics (key 20, versions 0-4: throttle from v1, no message) and
/// CreatePartitions (key 37, versions 0-2: throttle and message always).
/// </summary>
public sealed record TopicResultsResponse(ApiKey Api, IReadOnlyList<TopicResultsResponse.Result> Results)
{
    /// <summary>Writes the body.</summary>
    public void Write(ProtocolWriter w, short version)
    {
        var (throttleSince, messageSince) = Api switch
        {
            ApiKey.CreateTopics => (2, 1),
            ApiKey.DeleteTopics => (1, int.MaxValue),
            ApiKey.CreatePartitions => (0, 0),
            _ => throw new InvalidOperationException($"{Api} is not a topic results response."),
        };
        if (version >= throttleSince)
        {
            w.WriteInt32(0);
        }

        w.WriteStructArray(Results, (w, t) =>
        {
            w.WriteString(t.Name);
            w.WriteInt16((short)t.ErrorCode);
            if (version >= messageSince)
            {
                w.WriteString(t.ErrorMessage);
            }
        });
        w.WriteEmptyTaggedFields();
    }

    /// <summary>Result for one topic.</summary>
    public sealed record Result(string Name, ErrorCode ErrorCode, string? ErrorMessage);
}
