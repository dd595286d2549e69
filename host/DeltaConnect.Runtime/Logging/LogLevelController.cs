using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Logging;

/// <summary>
/// Log levels that change while the worker runs (Kafka Connect's <c>/admin/loggers</c>): a root level and levels for
/// category prefixes (<c>DeltaConnect.Task</c> covers <c>DeltaConnect.Task.orders-0</c>); the longest matching
/// prefix wins. Loggers made by <see cref="LevelControlledLoggerFactory"/> consult it.
/// </summary>
internal sealed class LogLevelController
{
    /// <summary>The name of the root logger.</summary>
    public const string Root = "root";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, LevelSetting> _levels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _categories = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private LevelSetting _root;
    private int _version;

    public LogLevelController(LogLevel rootLevel, IReadOnlyDictionary<string, LogLevel>? categoryLevels = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _root = new LevelSetting(rootLevel, null);
        foreach (var (category, level) in categoryLevels ?? new Dictionary<string, LogLevel>())
        {
            _levels[category] = new LevelSetting(level, null);
        }
    }

    /// <summary>Changes whenever a level changes (loggers cache their level per version).</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>The level in force for a category.</summary>
    public LogLevel LevelOf(string category)
    {
        lock (_lock)
        {
            return Match(category).Level;
        }
    }

    /// <summary>Called by the factory for every category it makes a logger for.</summary>
    public void Register(string category) => _categories.TryAdd(category, 0);

    /// <summary>The level of a known logger (root, a set prefix, or a category in use), or null when it is unknown.</summary>
    public LevelSetting? Get(string name)
    {
        lock (_lock)
        {
            if (name == Root)
            {
                return _root;
            }

            return _levels.TryGetValue(name, out var own) ? own : _categories.ContainsKey(name) ? Match(name) : null;
        }
    }

    /// <summary>Every known logger with its level: root, the set prefixes, and the categories in use.</summary>
    public IReadOnlyList<KeyValuePair<string, LevelSetting>> All()
    {
        lock (_lock)
        {
            var names = _levels.Keys.Concat(_categories.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            return [new(Root, _root), .. names.Select(n => new KeyValuePair<string, LevelSetting>(n, _levels.TryGetValue(n, out var own) ? own : Match(n)))];
        }
    }

    /// <summary>
    /// Sets the level of <paramref name="name"/> (root, or a category prefix) and of everything under it; returns the
    /// names of the affected loggers in use.
    /// </summary>
    public IReadOnlyList<string> Set(string name, LogLevel level)
    {
        var setting = new LevelSetting(level, _time.GetUtcNow().ToUnixTimeMilliseconds());
        lock (_lock)
        {
            List<string> affected;
            if (name == Root)
            {
                _root = setting;
                _levels.Clear();
                affected = [Root, .. _categories.Keys.Order(StringComparer.Ordinal)];
            }
            else
            {
                foreach (var child in _levels.Keys.Where(k => IsUnder(k, name)).ToList())
                {
                    _levels.Remove(child);
                }

                _levels[name] = setting;
                affected = [.. _categories.Keys.Append(name).Where(c => IsUnder(c, name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            }

            _version++;
            return affected;
        }
    }

    private static bool IsUnder(string category, string prefix) =>
        category.Length == prefix.Length ? category == prefix : category.StartsWith(prefix, StringComparison.Ordinal) && category[prefix.Length] == '.';

    private LevelSetting Match(string category)
    {
        LevelSetting? best = null;
        var bestLength = -1;
        foreach (var (prefix, setting) in _levels)
        {
            if (prefix.Length > bestLength && IsUnder(category, prefix))
            {
                best = setting;
                bestLength = prefix.Length;
            }
        }

        return best ?? _root;
    }
}

/// <summary>A logger's level and when it was last set (Unix ms; null if never changed at runtime).</summary>
internal readonly record struct LevelSetting(LogLevel Level, long? LastModified);
