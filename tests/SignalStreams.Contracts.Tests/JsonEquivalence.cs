using System.Text.Json;

namespace SignalStreams.Contracts.Tests;

/// <summary>Compares two JSON documents by meaning: same properties, same values, numbers by numeric value.</summary>
internal static class JsonEquivalence
{
    public static void AssertEquivalent(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        var difference = Compare(e.RootElement, a.RootElement, "$");
        Assert.True(difference is null, $"{difference}\nexpected: {expected}\nactual:   {actual}");
    }

    private static string? Compare(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path}: expected {expected.ValueKind}, got {actual.ValueKind}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).Order().ToList();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).Order().ToList();
                if (!expectedNames.SequenceEqual(actualNames))
                {
                    return $"{path}: properties [{string.Join(",", expectedNames)}] vs [{string.Join(",", actualNames)}]";
                }

                return expectedNames.Select(n => Compare(expected.GetProperty(n), actual.GetProperty(n), $"{path}.{n}")).FirstOrDefault(d => d is not null);
            case JsonValueKind.Array:
                var left = expected.EnumerateArray().ToList();
                var right = actual.EnumerateArray().ToList();
                return left.Count != right.Count
                    ? $"{path}: {left.Count} items vs {right.Count}"
                    : left.Zip(right).Select((pair, i) => Compare(pair.First, pair.Second, $"{path}[{i}]")).FirstOrDefault(d => d is not null);
            case JsonValueKind.Number:
                return expected.GetDecimal() == actual.GetDecimal() ? null : $"{path}: {expected} vs {actual}";
            case JsonValueKind.String:
                return expected.GetString() == actual.GetString() ? null : $"{path}: \"{expected.GetString()}\" vs \"{actual.GetString()}\"";
            default:
                return null;
        }
    }
}
