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
        // Transport errors are expected while a broker restarts; the client retries them itself.
        var level = error.IsFatal ? LogLevel.Error : LogLevel.Warning;
        ClientError(logger, level, error.Code, error.Reason, error.IsFatal);
    }

    [LoggerMessage(EventId = 1, Message = "librdkafka {Client} {Facility}: {Text}")]
    private static partial void Librdkafka(ILogger logger, LogLevel level, string client, string facility, string text);

    [LoggerMessage(EventId = 2, Message = "Kafka client error {Code}: {Reason} (fatal: {Fatal})")]
    private static partial void ClientError(ILogger logger, LogLevel level, ErrorCode code, string reason, bool fatal);
}
