using System.Globalization;

namespace SignalStreams.Contracts;

/// <summary>
/// Reads the topic catalog, <c>topics.txt</c>: one topic per line as whitespace-separated columns
/// <c>owner topic partitions cleanup retention dlq</c>, <c>#</c> comments. The same file drives
/// <c>deploy/kafka/create-topics.sh</c>, so the services, the dev cluster, the tests and a real cluster's topics
/// cannot drift apart.
/// </summary>
public static class TopicCatalog
{
    /// <summary>Name of the catalog embedded in this assembly.</summary>
    public const string ResourceName = "SignalStreams.Contracts.topics.txt";

    /// <summary>The catalog embedded in this assembly.</summary>
    public static IReadOnlyList<TopicSpec> Load()
    {
        using var stream = typeof(TopicCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The topic catalog {ResourceName} is not embedded in {typeof(TopicCatalog).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    public static IReadOnlyList<TopicSpec> Parse(TextReader reader)
    {
        var topics = new List<TopicSpec>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var content = line.Split('#', 2)[0];
            var columns = content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length == 0)
            {
                continue;
            }

            topics.Add(ParseLine(columns, lineNumber));
        }

        var duplicate = topics.GroupBy(t => t.BaseName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? topics
            : throw new FormatException($"The topic catalog lists {duplicate.Key} more than once.");
    }

    private static TopicSpec ParseLine(string[] columns, int lineNumber)
    {
        if (columns.Length != 6)
        {
            throw Invalid(lineNumber, $"expected 6 columns (owner topic partitions cleanup retention dlq), found {columns.Length}");
        }

        var (owner, name, partitions, cleanup, retention, deadLetter) = (columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]);
        if (!int.TryParse(partitions, NumberStyles.None, CultureInfo.InvariantCulture, out var partitionCount) || partitionCount < 1)
        {
            throw Invalid(lineNumber, $"partitions '{partitions}' is not a positive whole number");
        }

        var compacted = cleanup switch
        {
            "compact" => true,
            "delete" => false,
            _ => throw Invalid(lineNumber, $"cleanup '{cleanup}' is neither compact nor delete"),
        };
        TimeSpan? retentionTime = retention == "-"
            ? null
            : long.TryParse(retention, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds > 0
                ? TimeSpan.FromMilliseconds(milliseconds)
                : throw Invalid(lineNumber, $"retention '{retention}' is neither - nor milliseconds");
        var hasDeadLetter = deadLetter switch
        {
            "yes" => true,
            "no" => false,
            _ => throw Invalid(lineNumber, $"dlq '{deadLetter}' is neither yes nor no"),
        };
        return new TopicSpec(name, partitionCount, compacted, retentionTime, owner, hasDeadLetter);
    }

    private static FormatException Invalid(int lineNumber, string problem) => new($"Topic catalog line {lineNumber}: {problem}.");
}
