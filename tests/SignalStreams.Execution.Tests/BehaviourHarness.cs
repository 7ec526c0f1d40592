using SignalStreams.Testing;

namespace SignalStreams.Execution.Tests;

/// <summary>
/// The behaviour tests' profile of <see cref="ExecutionHarness"/>: the executor (and optionally the router) hosted in
/// this process with every log line kept, an exchange of 40 test symbols so each test owns its symbol and its users
/// (restricted to that symbol) and fan-outs of different tests never meet, and the periods these tests tune.
/// </summary>
public static class BehaviourHarness
{
    /// <summary>Starts the harness, the executor and (when <paramref name="withRouter"/>) the router, and waits until both are ready.</summary>
    /// <param name="kafka">The collection's mock cluster; a fresh topic prefix is taken from it.</param>
    /// <param name="redisConfiguration">The executor's <c>Redis:Configuration</c>.</param>
    /// <param name="withRouter">Also host the router, so signals are fanned out.</param>
    /// <param name="paper">Paper exchange settings that replace the defaults (e.g. <c>PaperExchange:FillLatencyMs</c>).</param>
    /// <param name="executorSettings">Executor settings that replace the defaults (e.g. <c>Exchange:Client:OrderTimeout</c>).</param>
    public static async Task<ExecutionHarness> StartAsync(
        KafkaClusterFixture kafka,
        string redisConfiguration,
        bool withRouter,
        IReadOnlyDictionary<string, string?>? paper = null,
        IReadOnlyDictionary<string, string?>? executorSettings = null)
    {
        var exchange = ExecutionHarness.TestSymbolExchange();
        foreach (var (key, value) in paper ?? new Dictionary<string, string?>())
        {
            exchange[key] = value;
        }

        var executor = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Executor:ClaimLeaseSeconds"] = "30",
            ["Executor:ReconcileIntervalMs"] = "1000",
            ["Executor:ReconcileGraceMs"] = "3000",
        };
        foreach (var (key, value) in executorSettings ?? new Dictionary<string, string?>())
        {
            executor[key] = value;
        }

        var harness = await ExecutionHarness.StartAsync(kafka, redisConfiguration, new HarnessOptions
        {
            Exchange = exchange,
            Executor = executor,
            Router = new Dictionary<string, string?>
            {
                ["Router:ExpiryCheckIntervalMs"] = "200",
                ["Router:FinishedSignalRetentionHours"] = "24",
            },
        });
        try
        {
            await harness.HostExecutorAsync();
            if (withRouter)
            {
                await harness.HostRouterAsync();
            }

            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }
}
