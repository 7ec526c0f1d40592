namespace SignalStreams.SignalApi;

/// <summary>signal-api running in this process (see <see cref="SignalApiApp.StartAsync"/>).</summary>
public sealed class SignalApiHost(WebApplication app, Uri baseUrl) : IAsyncDisposable
{
    /// <summary>e.g. http://127.0.0.1:41234</summary>
    public Uri BaseUrl { get; } = baseUrl;

    public IServiceProvider Services => app.Services;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
