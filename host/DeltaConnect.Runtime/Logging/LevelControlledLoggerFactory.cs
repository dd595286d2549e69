using Microsoft.Extensions.Logging;

namespace DeltaConnect.Runtime.Logging;

/// <summary>
/// Wraps a logger factory so every logger it makes also obeys a <see cref="LogLevelController"/>. The inner factory
/// should let everything through (minimum level Trace) for the controller to be able to lower levels at runtime.
/// </summary>
internal sealed class LevelControlledLoggerFactory(ILoggerFactory inner, LogLevelController controller) : ILoggerFactory
{
    public LogLevelController Controller => controller;

    public ILogger CreateLogger(string categoryName)
    {
        controller.Register(categoryName);
        return new ControlledLogger(inner.CreateLogger(categoryName), controller, categoryName);
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory belongs to whoever made it.
    public void Dispose()
    {
    }

    private sealed class ControlledLogger(ILogger inner, LogLevelController controller, string category) : ILogger
    {
        private int _version = -1;
        private LogLevel _level;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= Level() && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }

        private LogLevel Level()
        {
            var version = controller.Version;
            if (version != Volatile.Read(ref _version))
            {
                _level = controller.LevelOf(category);
                Volatile.Write(ref _version, version);
            }

            return _level;
        }
    }
}
