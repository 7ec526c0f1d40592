using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SignalStreams.Hosting;

namespace SignalStreams.SignalApi;

/// <summary>Builds signal-api, for Program.cs and for tests and benchmarks that host it in-process.</summary>
public static class SignalApiApp
{
    /// <summary>
    /// The app as the service runs it: appsettings.json + environment, ASPNETCORE_URLS for the port.
    /// <paramref name="configure"/> runs after the service's own registrations (tests add log capture there).
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null, Action<WebApplicationBuilder>? configureFirst = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configureFirst?.Invoke(builder);
        builder.AddServiceDefaults();
        builder.AddSignalApi();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapSignalApi();
        return app;
    }

    /// <summary>
    /// Starts signal-api in this process on <paramref name="url"/> (port 0 = a free port), configured only by
    /// <paramref name="settings"/> (no files, no environment). Dispose the handle to stop it.
    /// </summary>
    public static async Task<SignalApiHost> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null, string url = "http://127.0.0.1:0", CancellationToken cancellationToken = default)
    {
        var app = Create([], configure, builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls(url);
        });
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            // A refused start (e.g. invalid configuration) must not leave the views' readers running.
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SignalApiHost(app, new Uri(address));
    }
}
