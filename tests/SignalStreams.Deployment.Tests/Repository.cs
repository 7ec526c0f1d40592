namespace SignalStreams.Deployment.Tests;

/// <summary>Paths in the repository the tests run from (found by walking up to signal-streams.sln).</summary>
internal static class Repository
{
    public static readonly string Root = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "signal-streams.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"signal-streams.sln was not found above {AppContext.BaseDirectory}.");
    }
}
