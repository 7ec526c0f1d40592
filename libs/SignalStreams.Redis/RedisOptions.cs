namespace SignalStreams.Redis;

/// <summary>The <c>Redis</c> configuration section (CONTRACT.md §6).</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string.</summary>
    public string Configuration { get; set; } = "127.0.0.1:6379";
}
