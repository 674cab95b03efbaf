using Microsoft.Extensions.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;

namespace WeChatGpt.Infrastructure.Jobs;

/// <summary>
/// Hangfire's log lines into the host's logging, without stack traces (an exception becomes its type and
/// message). Hangfire's log provider is static: when a host that set it is gone (tests run several hosts in
/// one process), its lines are dropped instead of failing on a disposed logger factory.
/// </summary>
internal sealed class HangfireLogs(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
{
    public Hangfire.Logging.ILog GetLogger(string name) => new ForwardingLog(factory, name);

    private sealed class ForwardingLog(ILoggerFactory factory, string name) : Hangfire.Logging.ILog
    {
        private ILogger? _logger;

        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            ILogger logger;
            try
            {
                logger = _logger ??= factory.CreateLogger(name);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }

            var level = logLevel switch
            {
                HangfireLogLevel.Trace => LogLevel.Trace,
                HangfireLogLevel.Debug => LogLevel.Debug,
                HangfireLogLevel.Info => LogLevel.Information,
                HangfireLogLevel.Warn => LogLevel.Warning,
                HangfireLogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            if (messageFunc is null)
            {
                return logger.IsEnabled(level);
            }

            if (!logger.IsEnabled(level))
            {
                return false;
            }

            var message = JobFailureScrubber.Scrub(messageFunc());
#pragma warning disable CA2254 // Hangfire's own text, scrubbed; not a template of ours.
            if (exception is null)
            {
                logger.Log(level, message);
            }
            else
            {
                logger.Log(level, "{Message} ({ErrorType}: {Error})", message, exception.GetType().Name, JobFailureScrubber.Scrub(exception.Message));
            }
#pragma warning restore CA2254

            return true;
        }
    }
}
