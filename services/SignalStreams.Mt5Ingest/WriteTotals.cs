namespace SignalStreams.Mt5Ingest;

/// <summary>
/// Running totals of the write accounting: positions opened, duplicate events ignored, event records the webhook
/// produced, records the processor wrote (mappings, signals, telegram mappings), Redis commands and Telegram calls; and, apart, the records of the processor's own store changelogs.
/// </summary>
public sealed record WriteTotals(long PositionsOpened, long Duplicates, long EventRecords, long ProcessorKafkaRecords, long RedisOperations, long TelegramCalls, long StateRecords = 0)
{
    public static WriteTotals operator +(WriteTotals a, WriteTotals b) => new(
        a.PositionsOpened + b.PositionsOpened,
        a.Duplicates + b.Duplicates,
        a.EventRecords + b.EventRecords,
        a.ProcessorKafkaRecords + b.ProcessorKafkaRecords,
        a.RedisOperations + b.RedisOperations,
        a.TelegramCalls + b.TelegramCalls,
        a.StateRecords + b.StateRecords);

    public static WriteTotals operator -(WriteTotals a, WriteTotals b) => new(
        a.PositionsOpened - b.PositionsOpened,
        a.Duplicates - b.Duplicates,
        a.EventRecords - b.EventRecords,
        a.ProcessorKafkaRecords - b.ProcessorKafkaRecords,
        a.RedisOperations - b.RedisOperations,
        a.TelegramCalls - b.TelegramCalls,
        a.StateRecords - b.StateRecords);
}
