using SignalStreams.Testing;

namespace SignalStreams.Execution.FaultTests.Support;

/// <summary>
/// The fault tests' profile of <see cref="ExecutionHarness"/>: a paper exchange that fills at once (one account with a
/// large balance), and the short claim lease and reconcile periods that let a killed or rebalanced executor's pairs
/// settle within a test. The services run as processes a test can kill (<see cref="ServiceProcess"/>) or, where a
/// test needs no crash, hosted here (<see cref="ServiceHost"/>); they log at Information so failures show their story.
/// </summary>
public static class FaultHarness
{
    public static Task<ExecutionHarness> StartAsync(KafkaClusterFixture kafka, RedisServerFixture redis) =>
        ExecutionHarness.StartAsync(kafka, redis.Configuration, new HarnessOptions
        {
            Exchange = new Dictionary<string, string?> { ["PaperExchange:FillLatencyMs"] = "0" },
            Executor = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft"] = "Warning",
                ["Executor:Dispatcher:MaxInFlightPerEndpoint"] = "32",
                ["Executor:ClaimLeaseSeconds"] = "5",
                ["Executor:ReconcileIntervalMs"] = "500",
                ["Executor:ReconcileGraceMs"] = "1000",
            },
            Router = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft"] = "Warning",
                ["Router:ExpiryCheckIntervalMs"] = "500",
            },
        });
}
