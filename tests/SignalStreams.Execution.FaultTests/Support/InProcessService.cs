using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using SignalStreams.Hosting;

namespace SignalStreams.Execution.FaultTests.Support;

/// <summary>The router or the executor hosted in this process exactly as its Program.cs builds it, configured only by the given settings.</summary>
public sealed class InProcessService(WebApplication app) : IAsyncDisposable
{
    public IServiceProvider Services => app.Services;

    public static async Task<InProcessService> StartAsync(IReadOnlyDictionary<string, string> settings, Action<IHostApplicationBuilder> addService)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
        builder.Configuration.Sources.Clear();
        var quiet = new Dictionary<string, string?>(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)), StringComparer.Ordinal)
        {
            ["Logging:LogLevel:Default"] = "Warning",
        };
        builder.Configuration.AddInMemoryCollection(quiet);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddServiceDefaults();
        addService(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return new InProcessService(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
