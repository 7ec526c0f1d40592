using System.Globalization;
using SignalStreams.Demo;

var options = DemoOptions.Parse(args);
var run = DateTimeOffset.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
using var api = new DemoApi(options);

var executions = await new ExecutionDemo(api, options, run).RunAsync();
Console.WriteLine();
var mt5 = await new Mt5Demo(api, run).RunAsync();
Console.WriteLine(executions && mt5 ? "\nDemo finished: every check held." : "\nDemo finished with a check that did not hold (see above).");
return executions && mt5 ? 0 : 1;
