using SignalStreams.Hosting;
using SignalStreams.SignalRouter;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSignalRouter();

var app = builder.Build();
app.MapDefaultEndpoints();
return await app.RunServiceAsync();
