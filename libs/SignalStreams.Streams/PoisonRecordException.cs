namespace SignalStreams.Streams;

/// <summary>
/// Thrown by a processor (or by <c>StreamRecord.Read</c>) for a record that can never be processed:
/// it cannot be parsed or fails validation. The runtime dead-letters it and moves on; any other exception is retried.
/// </summary>
public sealed class PoisonRecordException : Exception
{
    public PoisonRecordException(string message)
        : base(message)
    {
    }

    public PoisonRecordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PoisonRecordException()
        : base("The record cannot be processed.")
    {
    }
}
