using SignalStreams.Hosting;
using SignalStreams.Mt5Ingest;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddMt5Ingest();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapMt5Ingest();
return await app.RunServiceAsync();
