using DeltaConnect.Broker.Topics;

namespace DeltaConnect.Broker;

/// <summary>Checks broker settings before start-up, with messages that name the setting and the fix.</summary>
public static class BrokerOptionsValidation
{
    /// <summary>Returns null when the options are usable, else what is wrong.</summary>
    public static string? Validate(BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DefaultPartitions < 1)
        {
            return $"num.partitions={options.DefaultPartitions} is invalid: use 1 or more.";
        }

        if (options.MaintenanceInterval <= TimeSpan.Zero)
        {
            return "The maintenance interval must be positive.";
        }

        if (options.GroupMinSessionTimeoutMs > options.GroupMaxSessionTimeoutMs)
        {
            return "group.min.session.timeout.ms must not exceed group.max.session.timeout.ms.";
        }

        foreach (var (name, value) in options.TopicConfigDefaults)
        {
            if (TopicConfigs.Validate(name, value) is { } error)
            {
                return $"Topic default {name}: {error}";
            }
        }

        return null;
    }
}
