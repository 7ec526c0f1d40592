namespace SignalStreams.PaperExchange.State;

/// <summary>The exchange's clock: real time plus an adjustable skew (to provoke -1021 at clients).</summary>
public sealed class ExchangeClock(TimeProvider time, long initialSkewMs)
{
    private long _skewMs = initialSkewMs;

    public long SkewMs
    {
        get => Interlocked.Read(ref _skewMs);
        set => Interlocked.Exchange(ref _skewMs, value);
    }

    public long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds() + SkewMs;
}
