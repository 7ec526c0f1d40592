using System.Text.Json;

namespace SignalStreams.Deployment.Tests;

/// <summary>
/// Renders a chart with scripts/render-chart.py (a Go-template subset, since helm is absent here). Available when
/// python3 with PyYAML is installed; <see cref="Unavailable"/> says why not otherwise.
/// </summary>
internal static class ChartRenderer
{
    // The first interpreter with PyYAML: python3 on the PATH, else Debian's, which has it whenever yamllint is
    // installed (scripts/setup.sh --for-tests).
    private static readonly Lazy<string?> Python = new(() =>
        new[] { "python3", "/usr/bin/python3" }
            .Where(p => p.StartsWith('/') ? File.Exists(p) : ExternalTool.IsInstalled(p))
            .FirstOrDefault(p => ExternalTool.Run(p, ["-c", "import yaml"]).ExitCode == 0));

    public static string? Unavailable => Python.Value is null ? "no python3 with the PyYAML module was found" : null;

    /// <summary>The rendered files by template name, or the template's failure message.</summary>
    public static (IReadOnlyDictionary<string, string> Files, string? Error) Render(string chart, params string[] settings)
    {
        var (exitCode, output) = ExternalTool.Run(Python.Value!, ["scripts/render-chart.py", $"helm/{chart}", .. settings]);
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
