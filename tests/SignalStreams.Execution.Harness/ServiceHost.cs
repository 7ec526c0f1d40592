using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SignalStreams.Hosting;
using SignalStreams.Testing;

namespace SignalStreams.Execution.Harness;

/// <summary>
/// The router or the executor hosted in this process exactly as its Program.cs builds it, configured only by the given
/// settings, on a free port. With <see cref="CapturedLogs"/> every line is kept for the test (the executor's at Debug);
/// without, the service logs warnings only. The killable counterpart is <see cref="ServiceProcess"/>.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private ServiceHost(WebApplication app, Uri url)
    {
        App = app;
        Url = url;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The base URL of its health and metrics endpoints.</summary>
    public Uri Url { get; }

    /// <summary>
    /// Starts the service <paramref name="addService"/> adds, with a state directory of its own unless
    /// <paramref name="settings"/> name one (a restart that keeps it).
    /// </summary>
    public static async Task<ServiceHost> StartAsync(
        IReadOnlyDictionary<string, string> settings,
        Action<IHostApplicationBuilder> addService,
        CapturedLogs? logs = null,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.Configuration.Sources.Clear();
        var configuration = settings.ToDictionary(s => s.Key, s => (string?)s.Value, StringComparer.Ordinal);
        configuration.TryAdd("Streams:StateDir", TestStreams.NewStateDir());
        if (logs is null)
        {
            configuration["Logging:LogLevel:Default"] = "Warning";
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        if (logs is not null)
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddFilter("SignalStreams.SignalExecutor", LogLevel.Debug);
            builder.Logging.AddProvider(logs);
        }

        addService(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServiceHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
