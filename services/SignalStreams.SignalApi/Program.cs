using SignalStreams.Hosting;
using SignalStreams.SignalApi;

var app = SignalApiApp.Create(args);
return await app.RunServiceAsync();
