using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SignalStreams.Hosting;

namespace SignalStreams.PaperExchange;

/// <summary>Builds the paper exchange, for Program.cs and for tests that host it in-process.</summary>
public static class PaperExchangeApp
{
    /// <summary>The app as the service runs it: appsettings.json + environment, ASPNETCORE_URLS for the port.</summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddServiceDefaults();
        builder.AddPaperExchange();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapPaperExchange();
        return app;
    }

    /// <summary>
    /// Starts a paper exchange in this process on <paramref name="url"/> (port 0 = a free port) configured only by
    /// <paramref name="settings"/> (keys as in appsettings, e.g. <c>PaperExchange:Accounts:0:ApiKey</c>); no files or
    /// environment are read, so tests are hermetic. Dispose the handle to stop it.
    /// </summary>
    public static async Task<PaperExchangeHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, string url = "http://127.0.0.1:0", CancellationToken cancellationToken = default)
    {
        var app = Create([], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            builder.WebHost.UseUrls(url);
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PaperExchangeHost(app, new Uri(address));
    }
}
