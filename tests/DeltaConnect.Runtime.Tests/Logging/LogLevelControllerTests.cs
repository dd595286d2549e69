using DeltaConnect.Runtime.Logging;
using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Tests.Logging;

/// <summary>Runtime log levels: the longest matching prefix wins, changes reach loggers already made, root resets all.</summary>
public sealed class LogLevelControllerTests
{
    [Fact]
    public void Levels_set_at_runtime_apply_to_existing_loggers_by_longest_prefix()
    {
        var lines = new List<string>();
        using var inner = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new CollectingProvider(lines)));
        var controller = new LogLevelController(LogLevel.Information);
        using var factory = new LevelControlledLoggerFactory(inner, controller);
        var task = factory.CreateLogger("DeltaConnect.Task.orders-0");
        var herder = factory.CreateLogger("DeltaConnect.Herder");

        task.LogDebug("hidden");
        Assert.Empty(lines);

        var affected = controller.Set("DeltaConnect.Task", LogLevel.Debug);
        Assert.Equal(["DeltaConnect.Task", "DeltaConnect.Task.orders-0"], affected);
        task.LogDebug("shown");
        herder.LogDebug("still hidden");
        Assert.Equal(["DeltaConnect.Task.orders-0: shown"], lines);

        controller.Set("DeltaConnect", LogLevel.Error);
        herder.LogWarning("hidden too");
        task.LogDebug("and this");
        Assert.Single(lines);
        Assert.Equal(LogLevel.Error, controller.Get("DeltaConnect.Task.orders-0")!.Value.Level);
        Assert.Null(controller.Get("Unknown.Category"));

        controller.Set(LogLevelController.Root, LogLevel.Warning);
        herder.LogWarning("root applies again");
        Assert.Equal("DeltaConnect.Herder: root applies again", lines[^1]);
        Assert.Equal(LogLevelController.Root, controller.All()[0].Key);
    }

    private sealed class CollectingProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collecting(lines, categoryName);

        public void Dispose()
        {
        }

        private sealed class Collecting(List<string> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Add($"{category}: {formatter(state, exception)}");
        }
    }
}
