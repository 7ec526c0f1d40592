using System.Globalization;
using SignalStreams.Contracts;
using SignalStreams.SignalExecutor.Dispatch;
using SignalStreams.SignalExecutor.Machine;
using SignalStreams.Testing;
using Streamiz.Kafka.Net;

namespace SignalStreams.Benchmarks;

/// <summary>
/// The executor's pattern without the rest of the executor: a Streamiz stream thread hands each record's call to the
/// <see cref="ExchangeDispatcher"/> (its defaults: 32 calls in flight per endpoint, one lane per user) and goes on;
/// the dispatcher runs the call off the stream thread. The answers stay queued (the executor's tasks take them in
/// punctuations; not part of what is measured here).
/// </summary>
internal sealed class DispatcherRun : IAsyncDisposable
{
    private readonly KafkaStream _stream;
    private readonly ExchangeDispatcher _dispatcher;
    private readonly string _stateDir;

    private DispatcherRun(KafkaStream stream, ExchangeDispatcher dispatcher, string stateDir)
    {
        _stream = stream;
        _dispatcher = dispatcher;
        _stateDir = stateDir;
    }

    public static async Task<DispatcherRun> StartAsync(BenchmarkContext context, string run, string input, FakeExchangeCall call)
    {
        var signal = TestSignals.Active("bench-signal", DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        var dispatcher = new ExchangeDispatcher(
            async (exchangeCall, cancellationToken) =>
            {
                await call.CallAsync(exchangeCall.UserId, exchangeCall.Number, cancellationToken);
                return new CallResult.Confirmed();
            },
            _ => "bench-exchange",
            new ExchangeDispatcherOptions());
        var builder = new StreamBuilder();
        builder.Stream<string, string>(input).Foreach((user, value, record) =>
        {
            var sequence = int.Parse(value, CultureInfo.InvariantCulture);
            var signalId = "bench-signal-" + value;
            var exchangeCall = new ExchangeCall(signalId, user, sequence, ExchangeCallKind.Place, LookupFirst: false, "paper", MarketType.Spot, "BTCUSDT", signalId + "-" + user, signal with { SignalId = signalId }, Settings: null);
            if (!dispatcher.Submit(record.Partition, exchangeCall))
            {
                throw new InvalidOperationException($"The dispatcher refused {exchangeCall.Key}: a call for the pair is in flight.");
            }
        });
        var stateDir = Directory.CreateTempSubdirectory("signal-streams-bench-dispatcher-").FullName;
        var stream = new KafkaStream(builder.Build(), StreamizAsyncRun.Configure(context, run + "-app", 0, stateDir, new StreamizAsyncRun.Settings()));
        var running = StreamizAsyncRun.RunningAsync(stream);
        await stream.StartAsync();
        await running.WaitAsync(TimeSpan.FromMinutes(2));
        return new DispatcherRun(stream, dispatcher, stateDir);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.Run(_stream.Dispose);
        _dispatcher.Dispose();
        Directory.Delete(_stateDir, recursive: true);
    }
}
