using SignalStreams.FakeTelegram;
using SignalStreams.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFakeTelegram();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapFakeTelegram();
return await app.RunServiceAsync();
