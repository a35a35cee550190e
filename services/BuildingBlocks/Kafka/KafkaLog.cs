using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CustomerStream.Kafka;

/// <summary>Turns librdkafka's log lines and client errors into structured log events.</summary>
internal static partial class KafkaLog
{
    public static void Write(ILogger logger, LogMessage message)
    {
        var level = (LogLevel)message.LevelAs(LogLevelType.MicrosoftExtensionsLogging);
        if (logger.IsEnabled(level))
        {
            Librdkafka(logger, level, message.Name, message.Facility, message.Message);
        }
    }

    public static void Write(ILogger logger, Error error)
    {
        // librdkafka already logs a lost connection itself (facility FAIL) and retries it; repeating it as
        // a warning would double every line while a broker restarts.
        var level = error.IsFatal ? LogLevel.Error
            : error.Code is ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown ? LogLevel.Debug
            : LogLevel.Warning;
        ClientError(logger, level, error.Code, error.Reason, error.IsFatal);
    }

    [LoggerMessage(EventId = 1, Message = "librdkafka {Client} {Facility}: {Text}")]
    private static partial void Librdkafka(ILogger logger, LogLevel level, string client, string facility, string text);

    [LoggerMessage(EventId = 2, Message = "Kafka client error {Code}: {Reason} (fatal: {Fatal})")]
    private static partial void ClientError(ILogger logger, LogLevel level, ErrorCode code, string reason, bool fatal);
}
