using SignalStreams.Contracts;

namespace SignalStreams.Deployment.Tests;

/// <summary>Runs deploy/kafka/create-topics.sh against a stand-in for kafka-topics.sh that records its arguments.</summary>
public sealed class TopicScriptTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("create-topics-").FullName;

    [Fact]
    public void The_init_script_creates_every_contract_topic_and_dlq_with_its_partitions_and_policies()
    {
        var created = RunScript(prefix: "demo-", replication: "3", minInsync: "2");

        var expected = new TopicNames("demo-").All().ToDictionary(t => t.BaseName);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), created.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, spec) in expected)
        {
            var topic = created[name];
            Assert.Equal(spec.Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture), topic.Options["--partitions"]);
            Assert.Equal("3", topic.Options["--replication-factor"]);
            var wanted = new Dictionary<string, string>(spec.Configs()) { ["min.insync.replicas"] = "2" };
            Assert.Equal(wanted.OrderBy(c => c.Key, StringComparer.Ordinal), topic.Configs.OrderBy(c => c.Key, StringComparer.Ordinal));
            Assert.Contains("--if-not-exists", topic.Flags);
        }
    }

    [Fact]
    public void Without_settings_the_script_targets_the_demo_broker_with_single_replicas()
    {
        var created = RunScript(prefix: null, replication: null, minInsync: null);

        var signals = created["signals"];
        Assert.Equal("kafka:9092", signals.Options["--bootstrap-server"]);
        Assert.Equal("1", signals.Options["--replication-factor"]);
        Assert.Equal("1", signals.Configs["min.insync.replicas"]);
        Assert.Equal("compact", signals.Configs["cleanup.policy"]);
        Assert.Equal("false", signals.Configs["unclean.leader.election.enable"]);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Dictionary<string, Invocation> RunScript(string? prefix, string? replication, string? minInsync)
    {
        var log = Path.Combine(_directory, "calls.txt");
        var fake = Path.Combine(_directory, "kafka-topics.sh");
        // One line per call, arguments separated by a unit separator so that values with spaces survive.
        File.WriteAllText(fake, "#!/bin/sh\nprintf '%s\\037' \"$@\" >> \"" + log + "\"\nprintf '\\n' >> \"" + log + "\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var environment = new Dictionary<string, string?>
        {
            ["KAFKA_TOPICS"] = fake,
            ["TOPIC_PREFIX"] = prefix,
            ["REPLICATION_FACTOR"] = replication,
            ["MIN_INSYNC_REPLICAS"] = minInsync,
            ["BOOTSTRAP_SERVERS"] = null,
            ["COMMAND_CONFIG"] = null,
        };
        var (exitCode, output) = ExternalTool.Run("sh", [Repository.PathOf("deploy", "kafka", "create-topics.sh")], environment: environment);
        Assert.True(exitCode == 0, output);

        return File.ReadAllLines(log)
            .Select(line => Invocation.Parse(line.Split('\u001f', StringSplitOptions.RemoveEmptyEntries)))
            .ToDictionary(i => i.Options["--topic"]);
    }

    private sealed record Invocation(Dictionary<string, string> Options, Dictionary<string, string> Configs, HashSet<string> Flags)
    {
        public static Invocation Parse(string[] arguments)
        {
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            var configs = new Dictionary<string, string>(StringComparer.Ordinal);
            var flags = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < arguments.Length; i++)
            {
                var argument = arguments[i];
                if (argument == "--config")
                {
                    var pair = arguments[++i].Split('=', 2);
                    Assert.False(configs.ContainsKey(pair[0]), $"{pair[0]} is set twice");
                    configs[pair[0]] = pair[1];
                }
                else if (argument is "--create" or "--if-not-exists")
                {
                    flags.Add(argument);
                }
                else
                {
                    options[argument] = arguments[++i];
                }
            }

            return new Invocation(options, configs, flags);
        }
    }
}
