using SignalStreams.Hosting;
using SignalStreams.PaperExchange;

var app = PaperExchangeApp.Create(args);
return await app.RunServiceAsync();
