namespace SignalStreams.Testing;

/// <summary>Where the repository and its artifacts folder are, found from the test assembly's folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>artifacts/{folder}</c> at the repository root (git-ignored), created if missing.</summary>
    public static string Artifacts(string folder)
    {
        var path = Path.Combine(Root, "artifacts", folder);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "signal-streams.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No signal-streams.sln above {AppContext.BaseDirectory}.");
    }
}
