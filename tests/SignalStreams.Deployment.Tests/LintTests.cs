using Xunit.Abstractions;

namespace SignalStreams.Deployment.Tests;

/// <summary>The external linters, when installed (CI installs yamllint; helm is not available on this machine kind).</summary>
public sealed class LintTests(ITestOutputHelper output)
{
    [Fact]
    public void Yamllint_accepts_the_compose_file_the_chart_values_and_the_Prometheus_files()
    {
        if (!ExternalTool.IsInstalled("yamllint"))
        {
            output.WriteLine("SKIPPED: yamllint is not on PATH (scripts/setup.sh --for-tests installs it).");
            return;
        }

        var (exitCode, text) = ExternalTool.Run("yamllint", ["--strict", "docker-compose.yml", "helm", "deploy/prometheus"]);

        Assert.True(exitCode == 0, "yamllint found problems:\n" + text);
    }

    [Theory]
    [MemberData(nameof(ServiceCatalog.ChartNames), MemberType = typeof(ServiceCatalog))]
    public void Helm_lints_and_renders_the_chart_when_helm_is_installed(string chart)
    {
        if (!ExternalTool.IsInstalled("helm"))
        {
            output.WriteLine($"SKIPPED: helm is not on PATH, so `helm lint` and `helm template` did not run for {chart}; the chart was checked by the structural tests only.");
            return;
        }

        var values = Yaml.Load("helm", chart, "values.yaml");
        var settings = new List<string> { "kafka.bootstrapServers=kafka:9092" };
        foreach (var (name, reference) in values.At("secrets") as IDictionary<object, object?> ?? new Dictionary<object, object?>())
        {
            settings.Add($"secrets.{name}.existingSecret=signal-streams-{Yaml.At(reference, "key")}");
        }

        foreach (var key in values.At("requiredConfig") as IList<object?> ?? [])
        {
            settings.Add($"config.{key}=set-by-test");
        }

        string[] set = ["--set", string.Join(',', settings)];
        var lint = ExternalTool.Run("helm", ["lint", "--strict", $"helm/{chart}", .. set]);
        Assert.True(lint.ExitCode == 0, lint.Output);

        var rendered = ExternalTool.Run("helm", ["template", "release", $"helm/{chart}", .. set, "--set", "autoscaling.enabled=true,metrics.serviceMonitor.enabled=true,metrics.prometheusRule.enabled=true"]);
        Assert.True(rendered.ExitCode == 0, rendered.Output);
        foreach (var document in rendered.Output.Split("\n---", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.NotNull(Yaml.Parse(document).Root);
        }

        var missingSecret = ExternalTool.Run("helm", ["template", "release", $"helm/{chart}", "--set", "kafka.bootstrapServers=kafka:9092"]);
        if (values.At("secrets") is IDictionary<object, object?> secrets && secrets.Values.Any(r => Yaml.At(r, "required")?.ToString() == "true"))
        {
            Assert.NotEqual(0, missingSecret.ExitCode);
            Assert.Contains("existingSecret is required", missingSecret.Output, StringComparison.Ordinal);
        }
    }
}
