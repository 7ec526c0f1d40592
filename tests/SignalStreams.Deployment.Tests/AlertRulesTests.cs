using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace SignalStreams.Deployment.Tests;

/// <summary>
/// deploy/prometheus/alerts.yml: promtool accepts and unit-tests it (Debian's <c>prometheus</c> package, installed by
/// scripts/setup.sh --for-tests, required when CI=true), every alert has a firing and a silent case, every series it
/// reads is an instrument of the project, and compose and every chart carry it.
/// </summary>
public sealed partial class AlertRulesTests(ITestOutputHelper output)
{
    private static readonly Yaml Rules = Yaml.Load("deploy", "prometheus", "alerts.yml");

    [Fact]
    public void Promtool_accepts_the_alerting_rules_and_the_compose_scrape_configuration()
    {
        if (PromtoolMissing())
        {
            return;
        }

        var rules = ExternalTool.Run("promtool", ["check", "rules", "deploy/prometheus/alerts.yml"]);
        var config = ExternalTool.Run("promtool", ["check", "config", "deploy/prometheus/prometheus.yml"]);

        Assert.True(rules.ExitCode == 0, "promtool check rules failed:\n" + rules.Output);
        Assert.Contains($"SUCCESS: {AlertNames().Count} rules found", rules.Output, StringComparison.Ordinal);
        Assert.True(config.ExitCode == 0, "promtool check config failed:\n" + config.Output);
    }

    [Fact]
    public void Promtool_unit_tests_fire_each_alert_on_its_series_and_keep_it_silent_on_the_others()
    {
        if (PromtoolMissing())
        {
            return;
        }

        var (exitCode, text) = ExternalTool.Run("promtool", ["test", "rules", "alerts.test.yml"], Repository.PathOf("deploy", "prometheus"));

        Assert.True(exitCode == 0, "promtool test rules failed:\n" + text);
        Assert.Contains("SUCCESS", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_alert_has_a_test_where_it_fires_and_one_where_it_stays_silent()
    {
        var cases = ((IList<object?>)Yaml.Load("deploy", "prometheus", "alerts.test.yml").At("tests")!)
            .SelectMany(test => (IList<object?>)Yaml.At(test, "alert_rule_test")!)
            .Select(c => (Alert: Yaml.At(c, "alertname")!.ToString()!, Fires: Yaml.At(c, "exp_alerts") is IList<object?> { Count: > 0 }))
            .ToList();

        Assert.All(AlertNames(), alert =>
        {
            Assert.True(cases.Contains((alert, true)), $"{alert} has no test case in which it fires.");
            Assert.True(cases.Contains((alert, false)), $"{alert} has no test case in which it stays silent.");
        });
    }

    [Fact]
    public void Every_series_the_alerts_read_is_an_instrument_of_the_project()
    {
        // Instrument names as written in the code, e.g. "signal_streams.executor.pending.oldest_age".
        var instruments = Directory.EnumerateFiles(Repository.PathOf("libs"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Repository.PathOf("services"), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(path => InstrumentName().Matches(File.ReadAllText(path)).Select(m => m.Groups[1].Value.Replace('.', '_')))
            .ToHashSet(StringComparer.Ordinal);
        var expressions = string.Join("\n", ((IList<object?>)Rules.At("groups")!).SelectMany(g => (IList<object?>)Yaml.At(g, "rules")!).Select(r => Yaml.At(r, "expr")!.ToString()));
        var series = SeriesName().Matches(expressions).Select(m => m.Value).Distinct().ToList();

        Assert.NotEmpty(series);
        Assert.All(series, name => Assert.True(
            instruments.Contains(name) || instruments.Contains(UnitSuffix().Replace(name, "")),
            $"alerts.yml reads {name}, which no instrument in libs/ or services/ produces."));
    }

    [Fact]
    public void Compose_runs_a_Prometheus_that_scrapes_every_service_and_loads_the_rules()
    {
        var compose = Yaml.Load("docker-compose.yml");
        var config = Yaml.Load("deploy", "prometheus", "prometheus.yml");
        var volumes = ((IList<object?>)compose.At("services.prometheus.volumes")!).Select(v => v!.ToString()!).ToList();
        var jobs = ((IList<object?>)config.At("scrape_configs")!).ToDictionary(
            job => Yaml.At(job, "job_name")!.ToString()!,
            job => string.Join(",", ((IList<object?>)Yaml.At(((IList<object?>)Yaml.At(job, "static_configs")!)[0], "targets")!).Select(t => t!.ToString())));

        Assert.StartsWith("prom/prometheus:", compose.Text("services.prometheus.image"), StringComparison.Ordinal);
        Assert.Contains("./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro", volumes);
        Assert.Contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro", volumes);
        Assert.Equal(["alerts.yml"], ((IList<object?>)config.At("rule_files")!).Select(f => f!.ToString()));
        Assert.All(ServiceCatalog.Built, service => Assert.Equal($"{service.Name}:8080", jobs.GetValueOrDefault(service.Name)));
    }

    [Theory]
    [MemberData(nameof(ServiceCatalog.ChartNames), MemberType = typeof(ServiceCatalog))]
    public void Every_chart_ships_the_tested_rules_unchanged(string chart)
    {
        // A chart cannot read files outside itself, so each carries a copy; this keeps the copies honest.
        Assert.True(
            Repository.Read("deploy", "prometheus", "alerts.yml") == Repository.Read("helm", chart, "files", "alerts.yml"),
            $"helm/{chart}/files/alerts.yml differs from deploy/prometheus/alerts.yml: copy it (cp deploy/prometheus/alerts.yml helm/{chart}/files/).");
    }

    [Theory]
    [MemberData(nameof(ServiceCatalog.ChartNames), MemberType = typeof(ServiceCatalog))]
    public void The_PrometheusRule_of_a_chart_holds_the_alerts_and_its_ServiceMonitor_names_the_job_the_alerts_select(string chart)
    {
        if (ChartRenderer.Unavailable is { } reason)
        {
            output.WriteLine($"SKIPPED: {reason}, so the charts were not rendered.");
            return;
        }

        var (off, _) = ChartRenderer.Render(chart, [.. ChartRenderer.RequiredSettings(chart)]);
        var (on, error) = ChartRenderer.Render(chart, [.. ChartRenderer.RequiredSettings(chart), "metrics.prometheusRule.enabled=true", "metrics.serviceMonitor.enabled=true"]);

        Assert.Null(error);
        Assert.Equal("", off["prometheusrule.yaml"].Trim());
        var rule = Yaml.Parse(on["prometheusrule.yaml"]);
        Assert.Equal("PrometheusRule", rule.Text("kind"));
        var rendered = ((IList<object?>)rule.At("spec.groups")!).SelectMany(g => (IList<object?>)Yaml.At(g, "rules")!).Select(r => Yaml.At(r, "alert")!.ToString()!).ToList();
        Assert.Equal(AlertNames(), rendered);
        Assert.Contains("{{ $labels.job }}", on["prometheusrule.yaml"], StringComparison.Ordinal);
        var monitor = Yaml.Parse(on["servicemonitor.yaml"]);
        Assert.Equal("app.kubernetes.io/name", monitor.Text("spec.jobLabel"));
        Assert.Equal(chart, ServiceLabel(on["service.yaml"]));
    }

    private static List<string> AlertNames() =>
        ((IList<object?>)Rules.At("groups")!).SelectMany(g => (IList<object?>)Yaml.At(g, "rules")!).Select(r => Yaml.At(r, "alert")!.ToString()!).ToList();

    // The label the ServiceMonitor's jobLabel reads (its key has dots, so no dotted-path lookup).
    private static string? ServiceLabel(string service) =>
        Yaml.Parse(service).At("metadata.labels") is IDictionary<object, object?> labels && labels.TryGetValue("app.kubernetes.io/name", out var name) ? name?.ToString() : null;

    private bool PromtoolMissing()
    {
        if (ExternalTool.IsInstalled("promtool"))
        {
            return false;
        }

        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "CI must check the alerting rules: promtool is missing (scripts/setup.sh --for-tests installs the prometheus package).");
        output.WriteLine("SKIPPED: promtool is not on PATH (scripts/setup.sh --for-tests installs the prometheus package); the rules were only checked structurally.");
        return true;
    }

    [GeneratedRegex(@"""(signal_streams\.[a-z0-9_.]+)""")]
    private static partial Regex InstrumentName();

    [GeneratedRegex(@"\bsignal_streams_[a-z0-9_]+")]
    private static partial Regex SeriesName();

    [GeneratedRegex(@"_(total|seconds|milliseconds)$")]
    private static partial Regex UnitSuffix();
}
