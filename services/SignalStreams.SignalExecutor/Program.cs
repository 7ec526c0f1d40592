using SignalStreams.Hosting;
using SignalStreams.SignalExecutor;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSignalExecutor();

var app = builder.Build();
app.MapDefaultEndpoints();
return await app.RunServiceAsync();
