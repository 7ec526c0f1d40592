using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace SignalStreams.Deployment.Tests;

/// <summary>
/// YAML read into plain dictionaries, lists and strings (anchors and merge keys resolved), with path lookups
/// such as <c>services.kafka.environment</c>.
/// </summary>
internal sealed class Yaml(object? root)
{
    public object? Root { get; } = root;

    public static Yaml Parse(string text)
    {
        using var reader = new StringReader(text);
        var deserializer = new DeserializerBuilder().Build();
        return new Yaml(deserializer.Deserialize<object?>(new MergingParser(new Parser(reader))));
    }

    public static Yaml Load(params string[] parts) => Parse(Repository.Read(parts));

    /// <summary>The node at a dotted path, or null when any part is missing.</summary>
    public object? At(string path) => At(Root, path);

    public static object? At(object? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (node is not IDictionary<object, object?> map || !map.TryGetValue(part, out node))
            {
                return null;
            }
        }

        return node;
    }

    public IDictionary<object, object?> Map(string path) =>
        At(path) as IDictionary<object, object?> ?? throw new Xunit.Sdk.XunitException($"'{path}' is not a mapping.");

    public string? Text(string path) => At(path)?.ToString();

    /// <summary>Every scalar leaf with its dotted path.</summary>
    public static IEnumerable<(string Path, string Key, string Value)> Leaves(object? node, string prefix = "")
    {
        switch (node)
        {
            case IDictionary<object, object?> map:
                foreach (var (key, value) in map)
                {
                    var path = prefix.Length == 0 ? key.ToString()! : prefix + "." + key;
                    if (value is IDictionary<object, object?> or IList<object?>)
                    {
                        foreach (var leaf in Leaves(value, path))
                        {
                            yield return leaf;
                        }
                    }
                    else
                    {
                        yield return (path, key.ToString()!, value?.ToString() ?? "");
                    }
                }

                break;
            case IList<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    foreach (var leaf in Leaves(list[i], prefix + "[" + i + "]"))
                    {
                        yield return leaf;
                    }
                }

                break;
        }
    }
}
