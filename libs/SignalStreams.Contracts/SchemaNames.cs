namespace SignalStreams.Contracts;

/// <summary>Values of the <c>schema</c> header that names every record's type and version.</summary>
public static class SchemaNames
{
    public const string HeaderName = "schema";

    public const string Signal = "signal.v1";
    public const string UserSettings = "user-settings.v1";
    public const string UserCredentials = "user-credentials.v1";
    public const string ExecutionCommand = "execution-command.v1";
    public const string ExecutionRequest = "execution-request.v1";
    public const string PositionCloseRequest = "position-close-request.v1";
    public const string SignalExecution = "signal-execution.v1";
    public const string Position = "position.v1";
    public const string PositionEvent = "mt5-position-event.v1";
    public const string Mt5SignalMapping = "mt5-signal-mapping.v1";
    public const string TelegramMapping = "telegram-mapping.v1";
}
