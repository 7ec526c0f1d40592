using System.Text.Json;

namespace SignalStreams.Deployment.Tests;

/// <summary>
/// Renders a chart with scripts/render-chart.py (a Go-template subset, since helm is absent here). Available when
/// python3 with PyYAML is installed; <see cref="Unavailable"/> says why not otherwise.
/// </summary>
internal static class ChartRenderer
{
    private static readonly Lazy<string?> Missing = new(() =>
    {
        if (!ExternalTool.IsInstalled("python3"))
        {
            return "python3 is not on PATH";
        }

        var (exitCode, _) = ExternalTool.Run("python3", ["-c", "import yaml"]);
        return exitCode == 0 ? null : "python3 has no PyYAML module";
    });

    public static string? Unavailable => Missing.Value;

    /// <summary>The rendered files by template name, or the template's failure message.</summary>
    public static (IReadOnlyDictionary<string, string> Files, string? Error) Render(string chart, params string[] settings)
    {
        var (exitCode, output) = ExternalTool.Run("python3", ["scripts/render-chart.py", $"helm/{chart}", .. settings]);
        using var json = JsonDocument.Parse(output);
        if (json.RootElement.TryGetProperty("error", out var error))
        {
            Assert.Equal(3, exitCode);
            return (new Dictionary<string, string>(), error.GetString());
        }

        Assert.True(exitCode == 0, output);
        var files = json.RootElement.GetProperty("files").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return (files, null);
    }

    /// <summary>The settings every install of the chart needs: brokers, each required Secret name, required config.</summary>
    public static List<string> RequiredSettings(string chart)
    {
        var values = Yaml.Load("helm", chart, "values.yaml");
        var settings = new List<string>();
        if (values.Text("kafka.enabled") == "true")
        {
            settings.Add("kafka.bootstrapServers=kafka-0:9092,kafka-1:9092");
        }

        foreach (var (name, reference) in values.At("secrets") as IDictionary<object, object?> ?? new Dictionary<object, object?>())
        {
            settings.Add($"secrets.{name}.existingSecret=secret-{name}");
        }

        foreach (var key in values.At("requiredConfig") as IList<object?> ?? [])
        {
            settings.Add($"config.{key}=-1001234567890");
        }

        return settings;
    }
}
