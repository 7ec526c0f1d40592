using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SignalStreams.Testing;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4) for tests: every line must be a comment, a
/// <c># HELP</c>/<c># TYPE</c> line or a sample of the family declared before it, else <see cref="FormatException"/>
/// names the line. Written for the tests because no Prometheus parser package is served here.
/// </summary>
public sealed partial class PrometheusText
{
    private PrometheusText(IReadOnlyList<PrometheusFamily> families) => Families = families;

    public IReadOnlyList<PrometheusFamily> Families { get; }

    public IEnumerable<PrometheusSample> Samples => Families.SelectMany(f => f.Samples);

    public static PrometheusText Parse(string text)
    {
        var families = new List<PrometheusFamily>();
        string? name = null, type = null, help = null;
        var samples = new List<PrometheusSample>();
        void Close()
        {
            if (name is not null)
            {
                families.Add(new PrometheusFamily(name, type ?? "untyped", help, samples.ToList()));
            }

            (name, type, help) = (null, null, null);
            samples.Clear();
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            var meta = MetaLine().Match(line);
            if (meta.Success)
            {
                var (keyword, family, rest) = (meta.Groups[1].Value, meta.Groups[2].Value, meta.Groups[3].Value);
                if (family != name)
                {
                    Close();
                    name = family;
                }

                if (keyword == "TYPE")
                {
                    type = rest is "counter" or "gauge" or "histogram" or "summary" or "untyped" ? rest : throw Error(i, line, "unknown type");
                }
                else
                {
                    help = rest;
                }

                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var sample = ParseSample(line) ?? throw Error(i, line, "not a sample");
            if (name is null || !BelongsTo(sample.Name, name, type))
            {
                throw Error(i, line, $"the sample is not of the family declared before it ({name ?? "none"})");
            }

            samples.Add(sample);
        }

        Close();
        return new PrometheusText(families);
    }

    /// <summary>The sum of the values of every sample named <paramref name="name"/> having the given labels (0 when none).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && s.Has(labels)).Sum(s => s.Value);

    public PrometheusFamily? Family(string name) => Families.FirstOrDefault(f => f.Name == name);

    /// <summary>
    /// What breaks the conventions an operator relies on: a family without a type, a counter not ending in
    /// <c>_total</c>, a histogram without an <c>le="+Inf"</c> bucket equal to its <c>_count</c> or with decreasing
    /// buckets, a family of the project not under <paramref name="prefix"/>, a family declared twice.
    /// </summary>
    public IReadOnlyList<string> ConventionProblems(string prefix, params string[] foreignFamilies)
    {
        var problems = new List<string>();
        foreach (var family in Families)
        {
            if (family.Type == "untyped")
            {
                problems.Add($"{family.Name} has no # TYPE");
            }

            if (family.Type == "counter" && !family.Name.EndsWith("_total", StringComparison.Ordinal))
            {
                problems.Add($"counter {family.Name} does not end in _total");
            }

            if (!family.Name.StartsWith(prefix, StringComparison.Ordinal) && !foreignFamilies.Contains(family.Name))
            {
                problems.Add($"{family.Name} is not under the prefix {prefix}");
            }

            if (family.Type == "histogram")
            {
                problems.AddRange(HistogramProblems(family));
            }
        }

        problems.AddRange(Families.GroupBy(f => f.Name).Where(g => g.Count() > 1).Select(g => $"{g.Key} is declared {g.Count()} times"));
        return problems;
    }

    private static IEnumerable<string> HistogramProblems(PrometheusFamily family)
    {
        var counts = family.Samples.Where(s => s.Name == family.Name + "_count").ToList();
        if (counts.Count == 0)
        {
            yield return $"histogram {family.Name} has no _count";
        }

        foreach (var count in counts)
        {
            var series = count.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
            var buckets = family.Samples
                .Where(s => s.Name == family.Name + "_bucket" && s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).SequenceEqual(series))
                .ToList();
            var infinity = buckets.FirstOrDefault(b => b.Labels["le"] == "+Inf");
            if (buckets.Count < 2 || infinity is null || infinity.Value != count.Value)
            {
                yield return $"histogram {family.Name} lacks buckets with le=\"+Inf\" equal to its _count";
            }

            var values = buckets.Select(b => b.Value).ToList();
            if (!values.Zip(values.Skip(1)).All(p => p.First <= p.Second))
            {
                yield return $"histogram {family.Name} has buckets that are not cumulative";
            }
        }
    }

    private static bool BelongsTo(string sample, string family, string? type) => type switch
    {
        "histogram" => sample == family + "_bucket" || sample == family + "_sum" || sample == family + "_count",
        "summary" => sample == family || sample == family + "_sum" || sample == family + "_count",
        _ => sample == family,
    };

    private static PrometheusSample? ParseSample(string line)
    {
        var match = SampleLine().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match label in LabelPair().Matches(match.Groups[2].Value))
        {
            if (!labels.TryAdd(label.Groups[1].Value, Unescape(label.Groups[2].Value)))
            {
                return null;
            }
        }

        var value = match.Groups[3].Value switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(match.Groups[1].Value, labels, value);
    }

    private static string Unescape(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            text.Append(value[i] == '\\' && i + 1 < value.Length ? value[++i] switch { 'n' => '\n', var c => c } : value[i]);
        }

        return text.ToString();
    }

    private static FormatException Error(int index, string line, string reason) => new($"Line {index + 1} is not valid Prometheus text ({reason}): {line}");

    [GeneratedRegex(@"^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$")]
    private static partial Regex MetaLine();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\]|\\.)*"",?)*)\})? ([-+]?(?:[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))(?: -?[0-9]+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
