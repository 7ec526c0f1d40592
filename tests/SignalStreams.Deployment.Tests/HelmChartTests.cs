using System.Text.RegularExpressions;
using SignalStreams.Contracts;

namespace SignalStreams.Deployment.Tests;

public sealed partial class HelmChartTests
{
    private static readonly string[] Templates = ["_helpers.tpl", "deployment.yaml", "service.yaml", "configmap.yaml", "pdb.yaml", "hpa.yaml", "servicemonitor.yaml", "prometheusrule.yaml", "NOTES.txt"];

    // Leaves that name a Secret or a key inside one, never a secret value.
    private static readonly string[] ReferenceFields = ["existingSecret", "key", "env", "usernameKey", "passwordKey", "name", "required"];

    [Fact]
    public void Every_service_has_a_chart_and_nothing_else_is_charted()
    {
        var charts = Directory.GetDirectories(Repository.PathOf("helm")).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(ServiceCatalog.Charted.Select(s => s.Name).Order(StringComparer.Ordinal), charts);
    }

    [Theory]
    [MemberData(nameof(ServiceCatalog.ChartNames), MemberType = typeof(ServiceCatalog))]
    public void Chart_metadata_parses_and_names_the_service(string chart)
    {
        var metadata = Yaml.Load("helm", chart, "Chart.yaml");

        Assert.Equal("v2", metadata.Text("apiVersion"));
        Assert.Equal(chart, metadata.Text("name"));
        Assert.Equal("application", metadata.Text("type"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", metadata.Text("version"));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Text("appVersion")));
        Assert.False(string.IsNullOrWhiteSpace(metadata.Text("description")));
        Assert.All(Templates, template => Assert.True(File.Exists(Repository.PathOf("helm", chart, "templates", template)), $"{chart} has no templates/{template}"));
    }

    [Theory]
    [MemberData(nameof(ServiceCatalog.ChartNames), MemberType = typeof(ServiceCatalog))]
    public void Deployment_has_both_probes_resources_and_a_locked_down_non_root_pod(string chart)
    {
        var deployment = Repository.Read("helm", chart, "templates", "deployment.yaml");

        Assert.Matches(@"livenessProbe:\s+httpGet:\s+path: /health/live", deployment);
        Assert.Matches(@"readinessProbe:\s+httpGet:\s+path: /health/ready", deployment);
        Assert.Contains("resources:", deployment, StringComparison.Ordinal);
        Assert.Contains("runAsNonRoot: true", deployment, StringComparison.Ordinal);
        Assert.Contains("readOnlyRootFilesystem: true", deployment, StringComparison.Ordinal);
        Assert.Contains("allowPrivilegeEscalation: false", deployment, StringComparison.Ordinal);
        Assert.Matches(@"drop:\s+- ALL", deployment);
        Assert.Matches(@"mountPath: /tmp", deployment);
        Assert.Contains("emptyDir:", deployment, StringComparison.Ordinal);
        Assert.Contains("terminationGracePeriodSeconds:", deployment, StringComparison.Ordinal);
        Assert.Matches(@"preStop:\s+exec:", deployment);
        Assert.Contains("secretKeyRef:", deployment, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ServiceCatalog.ChartNames), MemberType = typeof(ServiceCatalog))]
    public void Values_parse_and_every_top_level_value_is_commented(string chart)
    {
        var text = Repository.Read("helm", chart, "values.yaml");
        var values = Yaml.Parse(text);
        Assert.IsAssignableFrom<IDictionary<object, object?>>(values.Root);

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!TopLevelKey().IsMatch(lines[i]))
            {
                continue;
            }

            // A comment right above, or a key in a commented group of one-line keys.
            var j = i - 1;
            while (j >= 0 && TopLevelKey().IsMatch(lines[j]) && !lines[j].TrimEnd().EndsWith(':'))
            {
                j--;
            }

            Assert.True(j >= 0 && lines[j].StartsWith('#'), $"helm/{chart}/values.yaml: '{lines[i]}' has no comment above it.");
        }
    }

    [Theory]
    [MemberData(nameof(ServiceCatalog.ChartNames), MemberType = typeof(ServiceCatalog))]
    public void No_values_file_holds_a_secret_value(string chart)
    {
        var values = Yaml.Load("helm", chart, "values.yaml");

        foreach (var (path, key, value) in Yaml.Leaves(values.Root))
        {
            // The last part of the name decides: Auth__Tokens__0__Role is a role, Telegram__BotToken a secret.
            var sensitive = SensitiveName().IsMatch(key.Split("__")[^1]);
            if (sensitive && value.Length > 0 && !ReferenceFields.Contains(key, StringComparer.Ordinal) && !path.StartsWith("secrets.", StringComparison.Ordinal))
            {
                Assert.Fail($"helm/{chart}/values.yaml: {path} holds a literal value; secrets belong in a Secret referenced under `secrets`.");
            }
        }

        // Secret references are names only: each says which Secret and key, never the value.
        foreach (var (name, reference) in values.At("secrets") as IDictionary<object, object?> ?? new Dictionary<object, object?>())
        {
            var fields = ((IDictionary<object, object?>)reference!).Keys.Select(k => k.ToString()!).Order(StringComparer.Ordinal);
            Assert.Equal(["env", "existingSecret", "key", "required"], fields);
            Assert.Equal("", Yaml.At(reference, "existingSecret")?.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(ServiceCatalog.ChartNames), MemberType = typeof(ServiceCatalog))]
    public void Every_value_a_template_uses_is_defined(string chart)
    {
        var values = Yaml.Load("helm", chart, "values.yaml");
        var kafkaEnabled = values.Text("kafka.enabled") == "true";

        foreach (var template in Templates)
        {
            var text = Repository.Read("helm", chart, "templates", template);
            foreach (Match use in ValuesPath().Matches(text))
            {
                var path = use.Groups[1].Value.TrimEnd('.');
                // Kafka settings are only read behind kafka.enabled (Go templates' `and` short-circuits).
                if (!kafkaEnabled && path.StartsWith("kafka.", StringComparison.Ordinal))
                {
                    continue;
                }

                Assert.True(values.At(path) is not null || ContainsKey(values, path), $"helm/{chart}/templates/{template} uses .Values.{path}, which values.yaml does not define.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ServiceCatalog.ChartNames), MemberType = typeof(ServiceCatalog))]
    public void Template_actions_are_balanced(string chart)
    {
        foreach (var template in Templates)
        {
            var text = Repository.Read("helm", chart, "templates", template);
            Assert.Equal(CountOf(text, "{{"), CountOf(text, "}}"));

            var depth = 0;
            foreach (Match action in Action().Matches(text))
            {
                var word = action.Groups[1].Value;
                depth += word is "if" or "range" or "with" or "define" ? 1 : word == "end" ? -1 : 0;
                Assert.True(depth >= 0, $"helm/{chart}/templates/{template}: an {{{{ end }}}} closes nothing.");
            }

            Assert.True(depth == 0, $"helm/{chart}/templates/{template}: {depth} block(s) are not closed.");
        }
    }

    [Fact]
    public void Replica_settings_never_exceed_the_partitions_of_the_input_topic()
    {
        foreach (var (chart, _, inputTopic) in ServiceCatalog.Charted)
        {
            var values = Yaml.Load("helm", chart, "values.yaml");
            var limit = int.Parse(values.Text("maxUsefulReplicas")!, System.Globalization.CultureInfo.InvariantCulture);
            if (inputTopic is not null)
            {
                Assert.Equal(new TopicNames().PartitionsOf(inputTopic), limit);
            }

            if (limit > 0)
            {
                Assert.True(int.Parse(values.Text("replicaCount")!, System.Globalization.CultureInfo.InvariantCulture) <= limit, chart);
                Assert.True(int.Parse(values.Text("autoscaling.maxReplicas")!, System.Globalization.CultureInfo.InvariantCulture) <= limit, chart);
            }

            var notes = Repository.Read("helm", chart, "templates", "NOTES.txt");
            Assert.Contains("maxUsefulReplicas", notes, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Required_configuration_of_each_service_is_set_or_referenced()
    {
        (string Chart, string[] Keys)[] required =
        [
            ("signal-api", ["Secrets__MasterKey"]),
            ("signal-executor", ["Secrets__MasterKey", "Redis__Configuration", "Exchange__Paper__ApiKey", "Exchange__Paper__ApiSecret", "Exchange__Binance__SpotBaseUrl", "Exchange__Binance__FuturesBaseUrl"]),
            ("mt5-ingest", ["Telegram__BotToken", "Telegram__ChatId", "Mt5__WebhookSecret", "Redis__Configuration", "Telegram__BaseUrl"]),
            ("paper-exchange", ["PaperExchange__Accounts__0__ApiKey", "PaperExchange__Accounts__0__ApiSecret"]),
        ];

        foreach (var (chart, keys) in required)
        {
            var values = Yaml.Load("helm", chart, "values.yaml");
            var configured = (values.At("config") as IDictionary<object, object?>)?.Keys.Select(k => k.ToString()!) ?? [];
            var referenced = (values.At("secrets") as IDictionary<object, object?>)?.Values.Select(r => Yaml.At(r, "env")!.ToString()!) ?? [];
            Assert.All(keys, key => Assert.Contains(key, configured.Concat(referenced)));
        }
    }

    private static bool ContainsKey(Yaml values, string path)
    {
        var dot = path.LastIndexOf('.');
        var parent = dot < 0 ? values.Root : values.At(path[..dot]);
        return parent is IDictionary<object, object?> map && map.ContainsKey(path[(dot + 1)..]);
    }

    private static int CountOf(string text, string token) => Regex.Count(text, Regex.Escape(token));

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*:")]
    private static partial Regex TopLevelKey();

    [GeneratedRegex(@"(?i)(token|password|secret|apikey|api_key|masterkey|credential)")]
    private static partial Regex SensitiveName();

    [GeneratedRegex(@"\.Values\.([A-Za-z0-9_.]+)")]
    private static partial Regex ValuesPath();

    [GeneratedRegex(@"\{\{-?\s*(if|range|with|define|end)\b")]
    private static partial Regex Action();
}
