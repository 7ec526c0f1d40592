using Xunit.Abstractions;

namespace SignalStreams.Deployment.Tests;

/// <summary>Charts rendered (without helm) and the manifests read back as YAML.</summary>
public sealed class ChartRenderingTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ServiceCatalog.ChartNames), MemberType = typeof(ServiceCatalog))]
    public void Chart_renders_with_its_required_values_into_valid_manifests(string chart)
    {
        if (Skipped())
        {
            return;
        }

        var (files, error) = ChartRenderer.Render(chart, [.. ChartRenderer.RequiredSettings(chart), "autoscaling.enabled=true", "metrics.serviceMonitor.enabled=true", "metrics.prometheusRule.enabled=true"]);

        Assert.Null(error);
        var kinds = files.Where(f => f.Key.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(f => Yaml.Parse(f.Value).Text("kind"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "PrometheusRule", "Service", "ServiceMonitor"], kinds);

        var deployment = Yaml.Parse(files["deployment.yaml"]);
        var container = ((IList<object?>)deployment.At("spec.template.spec.containers")!)[0];
        Assert.Equal("/health/live", Yaml.At(container, "livenessProbe.httpGet.path"));
        Assert.Equal("/health/ready", Yaml.At(container, "readinessProbe.httpGet.path"));
        Assert.Equal("true", Yaml.At(container, "securityContext.readOnlyRootFilesystem"));
        Assert.Equal("true", deployment.Text("spec.template.spec.securityContext.runAsNonRoot"));
        // A chart without secret references renders "env:" with no items (null), which Kubernetes reads as none.
        var secretEnv = (Yaml.At(container, "env") as IList<object?> ?? []).Select(e => (Name: Yaml.At(e, "name")!.ToString(), Secret: Yaml.At(e, "valueFrom.secretKeyRef.name")?.ToString()));
        foreach (var (name, reference) in Yaml.Load("helm", chart, "values.yaml").At("secrets") as IDictionary<object, object?> ?? new Dictionary<object, object?>())
        {
            Assert.Contains((Yaml.At(reference, "env")!.ToString(), (string?)$"secret-{name}"), secretEnv);
        }
    }

    [Theory]
    [MemberData(nameof(ServiceCatalog.StreamsStateServices), MemberType = typeof(ServiceCatalog))]
    public void A_streams_service_chart_mounts_a_writable_state_directory_where_the_image_points_Streams_StateDir(string chart)
    {
        if (Skipped())
        {
            return;
        }

        var (files, error) = ChartRenderer.Render(chart, [.. ChartRenderer.RequiredSettings(chart)]);
        Assert.Null(error);
        var deployment = Yaml.Parse(files["deployment.yaml"]);
        var container = ((IList<object?>)deployment.At("spec.template.spec.containers")!)[0];
        var mount = Assert.Single((IList<object?>)Yaml.At(container, "volumeMounts")!, m => Yaml.At(m, "mountPath")?.ToString() == ServiceCatalog.StateDir);
        var volume = Assert.Single((IList<object?>)deployment.At("spec.template.spec.volumes")!, v => Yaml.At(v, "name")?.ToString() == Yaml.At(mount, "name")?.ToString());
        Assert.NotNull(Yaml.At(volume, "emptyDir"));
        Assert.Contains("Streams__StateDir=" + ServiceCatalog.StateDir, File.ReadAllText(Path.Combine(Repository.Root, "Dockerfile")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("signal-api", "masterKey")]
    [InlineData("signal-executor", "masterKey")]
    [InlineData("mt5-ingest", "telegramBotToken")]
    [InlineData("paper-exchange", "accountApiSecret")]
    public void A_missing_required_secret_stops_the_install_with_a_sentence_naming_it(string chart, string secret)
    {
        if (Skipped())
        {
            return;
        }

        var settings = ChartRenderer.RequiredSettings(chart).Where(s => !s.StartsWith($"secrets.{secret}.", StringComparison.Ordinal)).ToArray();

        var (_, error) = ChartRenderer.Render(chart, settings);

        Assert.StartsWith($"secrets.{secret}.existingSecret is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Kafka_over_SASL_SSL_takes_its_credentials_from_a_Secret_and_the_CA_from_a_mounted_Secret()
    {
        if (Skipped())
        {
            return;
        }

        var (files, error) = ChartRenderer.Render("signal-executor", [.. ChartRenderer.RequiredSettings("signal-executor"),
            "kafka.security.protocol=SASL_SSL", "kafka.security.credentials.existingSecret=kafka-client", "kafka.security.caSecret.name=kafka-ca"]);

        Assert.Null(error);
        var config = Yaml.Parse(files["configmap.yaml"]).Map("data");
        Assert.Equal("SASL_SSL", config["Kafka__Client__security.protocol"]);
        Assert.Equal("SCRAM-SHA-512", config["Kafka__Client__sasl.mechanism"]);
        Assert.Equal("/etc/kafka-ca/ca.crt", config["Kafka__Client__ssl.ca.location"]);
        Assert.DoesNotContain(config.Keys, k => k.ToString()!.Contains("sasl.password", StringComparison.Ordinal));
        var deployment = files["deployment.yaml"];
        Assert.Matches(@"name: Kafka__Client__sasl\.password\s+valueFrom:\s+secretKeyRef:\s+name: kafka-client\s+key: password", deployment);
        Assert.Matches(@"- name: kafka-ca\s+mountPath: /etc/kafka-ca\s+readOnly: true", deployment);

        var (_, missing) = ChartRenderer.Render("signal-executor", [.. ChartRenderer.RequiredSettings("signal-executor"), "kafka.security.protocol=SASL_SSL"]);
        Assert.Equal("kafka.security.credentials.existingSecret is required with a SASL protocol", missing);
    }

    [Fact]
    public void The_autoscaler_never_goes_past_the_partition_count_and_NOTES_warn_about_idle_replicas()
    {
        if (Skipped())
        {
            return;
        }

        var (files, _) = ChartRenderer.Render("signal-executor", [.. ChartRenderer.RequiredSettings("signal-executor"), "autoscaling.enabled=true", "autoscaling.maxReplicas=40"]);

        Assert.Equal("12", Yaml.Parse(files["hpa.yaml"]).Text("spec.maxReplicas"));
        Assert.Contains("WARNING: 40 replicas requested but only 12 can do useful work", files["NOTES.txt"], StringComparison.Ordinal);
        Assert.Null(Yaml.Parse(files["deployment.yaml"]).At("spec.replicas"));
    }

    [Fact]
    public void A_configuration_change_rolls_the_pods_and_empty_values_stay_unset()
    {
        if (Skipped())
        {
            return;
        }

        var settings = ChartRenderer.RequiredSettings("signal-executor");
        var (before, _) = ChartRenderer.Render("signal-executor", [.. settings]);
        var (after, _) = ChartRenderer.Render("signal-executor", [.. settings, "config.Exchange__Paper__BaseUrl=http://paper-exchange:8080"]);

        string Checksum(IReadOnlyDictionary<string, string> files) => Yaml.Parse(files["deployment.yaml"]).Text("spec.template.metadata.annotations.checksum/config")!;
        Assert.NotEqual(Checksum(before), Checksum(after));
        Assert.False(Yaml.Parse(before["configmap.yaml"]).Map("data").ContainsKey("Exchange__Paper__BaseUrl"));
        Assert.Equal("http://paper-exchange:8080", Yaml.Parse(after["configmap.yaml"]).Text("data.Exchange__Paper__BaseUrl"));
    }

    private bool Skipped()
    {
        if (ChartRenderer.Unavailable is { } reason)
        {
            output.WriteLine($"SKIPPED: {reason}, so the charts were not rendered (scripts/render-chart.py needs python3 with PyYAML).");
            return true;
        }

        return false;
    }
}
