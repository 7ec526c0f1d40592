using Xunit.Abstractions;

namespace SignalStreams.Deployment.Tests;

public sealed class ComposeFileTests(ITestOutputHelper output)
{
    private static readonly string[] KafkaServices = ["signal-api", "signal-router", "signal-executor", "mt5-ingest"];

    private readonly Yaml _compose = Yaml.Load("docker-compose.yml");

    [Fact]
    public void Docker_compose_config_accepts_the_file()
    {
        if (!ExternalTool.IsInstalled("docker-compose"))
        {
            output.WriteLine("SKIPPED: docker-compose is not on PATH (scripts/setup.sh --for-tests installs it); the file was not validated by it.");
            return;
        }

        // An empty .env-free environment: the file must work with its documented defaults alone.
        var (exitCode, text) = ExternalTool.Run("docker-compose", ["-f", "docker-compose.yml", "config"]);

        Assert.True(exitCode == 0, "docker-compose config rejected docker-compose.yml:\n" + text);
        var resolved = Yaml.Parse(text);
        Assert.Equal("kafka:9092", resolved.Text("services.signal-executor.environment.Kafka__BootstrapServers"));
    }

    [Fact]
    public void Every_service_is_built_from_the_Dockerfile_with_its_project()
    {
        foreach (var (name, project) in ServiceCatalog.Built)
        {
            Assert.True(_compose.At($"services.{name}") is not null, $"docker-compose.yml has no service '{name}'.");
            Assert.Equal(".", _compose.Text($"services.{name}.build.context"));
            Assert.Equal(project, _compose.Text($"services.{name}.build.args.PROJECT"));
        }
    }

    [Fact]
    public void Services_verify_topics_that_the_init_step_created_and_wait_for_it()
    {
        foreach (var name in KafkaServices)
        {
            Assert.Equal("kafka:9092", _compose.Text($"services.{name}.environment.Kafka__BootstrapServers"));
            Assert.Equal("Verify", _compose.Text($"services.{name}.environment.Kafka__Provisioning"));
            Assert.Equal("service_completed_successfully", _compose.Text($"services.{name}.depends_on.kafka-init.condition"));
        }

        Assert.Equal("service_healthy", _compose.Text("services.kafka-init.depends_on.kafka.condition"));
        Assert.Contains("create-topics.sh", string.Join(" ", (IEnumerable<object?>)_compose.At("services.kafka-init.entrypoint")!), StringComparison.Ordinal);
        // The script reads the one topic catalog the services have embedded.
        Assert.Contains("./libs/SignalStreams.Contracts/topics.txt:/scripts/topics.txt:ro", (IEnumerable<object?>)_compose.At("services.kafka-init.volumes")!);
    }

    [Fact]
    public void Kafka_runs_in_KRaft_mode_without_unclean_election_or_auto_created_topics()
    {
        var kafka = _compose.Map("services.kafka.environment");

        Assert.StartsWith("apache/kafka:", _compose.Text("services.kafka.image"), StringComparison.Ordinal);
        Assert.Equal("broker,controller", kafka["KAFKA_PROCESS_ROLES"]);
        Assert.Equal("false", kafka["KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE"]);
        Assert.Equal("false", kafka["KAFKA_AUTO_CREATE_TOPICS_ENABLE"]);
        Assert.NotNull(_compose.At("services.kafka.healthcheck.test"));
        Assert.Equal("kafka:9092", _compose.Text("services.kafka-ui.environment.KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS"));
        Assert.StartsWith("ghcr.io/kafbat/kafka-ui:", _compose.Text("services.kafka-ui.image"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ServiceCatalog.StreamsStateServices), MemberType = typeof(ServiceCatalog))]
    public void A_streams_service_keeps_its_state_directory_on_a_named_volume_across_container_restarts(string service)
    {
        var mounts = (_compose.At($"services.{service}.volumes") as IList<object?> ?? []).Select(v => v?.ToString() ?? "").ToList();
        var mount = Assert.Single(mounts, m => m.EndsWith(":" + ServiceCatalog.StateDir, StringComparison.Ordinal));
        var volume = mount[..mount.IndexOf(':', StringComparison.Ordinal)];
        Assert.True((_compose.At("volumes") as IDictionary<object, object?>)?.ContainsKey(volume), $"the named volume {volume} is declared");
    }

    [Fact]
    public void Each_service_gets_the_configuration_its_contract_requires()
    {
        string[] executor = ["Redis__Configuration", "Secrets__MasterKey", "Exchange__Paper__BaseUrl", "Exchange__Paper__ApiKey", "Exchange__Paper__ApiSecret"];
        string[] mt5 = ["Redis__Configuration", "Telegram__BaseUrl", "Telegram__BotToken", "Telegram__ChatId", "Mt5__WebhookSecret"];
        string[] api = ["Secrets__MasterKey", "Auth__Tokens__0__Token", "Auth__Tokens__0__Role"];

        Assert.All(executor, key => Assert.False(string.IsNullOrEmpty(_compose.Text("services.signal-executor.environment." + key)), key));
        Assert.All(mt5, key => Assert.False(string.IsNullOrEmpty(_compose.Text("services.mt5-ingest.environment." + key)), key));
        Assert.All(api, key => Assert.False(string.IsNullOrEmpty(_compose.Text("services.signal-api.environment." + key)), key));
        // The demo never trades on Binance: both "real" base URLs point at the paper exchange by default.
        Assert.Contains("paper-exchange", _compose.Text("services.signal-executor.environment.Exchange__Binance__SpotBaseUrl"), StringComparison.Ordinal);
        Assert.Contains("paper-exchange", _compose.Text("services.signal-executor.environment.Exchange__Binance__FuturesBaseUrl"), StringComparison.Ordinal);
        Assert.Contains("fake-telegram", _compose.Text("services.mt5-ingest.environment.Telegram__BaseUrl"), StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_in_the_compose_file_come_from_the_environment_with_visible_dev_defaults()
    {
        var raw = Repository.Read("docker-compose.yml");
        string[] secretKeys = ["Secrets__MasterKey", "Auth__Tokens__0__Token", "Telegram__BotToken", "Mt5__WebhookSecret", "Exchange__Paper__ApiSecret", "PaperExchange__Accounts__0__ApiSecret"];

        foreach (var line in raw.Split('\n').Where(l => secretKeys.Any(k => l.TrimStart().StartsWith(k + ":", StringComparison.Ordinal))))
        {
            Assert.Matches(@":\s+\$\{[A-Z0-9_]+:-[^}]+\}\s*$", line);
        }

        var example = Repository.Read(".env.example");
        foreach (var variable in new[] { "MASTER_KEY", "ADMIN_TOKEN", "MT5_WEBHOOK_SECRET", "TELEGRAM_BOT_TOKEN", "PAPER_API_SECRET" })
        {
            Assert.Contains(variable + "=", example, StringComparison.Ordinal);
            Assert.Contains("${" + variable + ":-", raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Published_host_ports_do_not_collide()
    {
        var published = _compose.Map("services").Values
            .SelectMany(service => Yaml.At(service, "ports") as IList<object?> ?? [])
            .Select(port => port!.ToString()!.Split(':')[0])
            .ToList();

        Assert.Equal(published.Count, published.Distinct().Count());
    }
}
