using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalStreams.Demo;
using SignalStreams.Kafka;
using SignalStreams.Sdk;

var options = DemoOptions.Parse(args);
var services = new ServiceCollection()
    .AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning))
    .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
    .AddSignalPublisher(kafka => kafka.BootstrapServers = options.Bootstrap);
await using var provider = services.BuildServiceProvider();

var demo = new ExecutionDemo(
    provider.GetRequiredService<SignalPublisher>(),
    provider.GetRequiredService<ContractRecordWriter>(),
    provider.GetRequiredService<KafkaClientFactory>(),
    options);
return await demo.RunAsync();
