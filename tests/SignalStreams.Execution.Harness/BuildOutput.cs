namespace SignalStreams.Execution.Harness;

/// <summary>Where the services' own build output is: the repository root (found by signal-streams.sln) and the configuration the tests run in.</summary>
public static class BuildOutput
{
    /// <summary>Release when the test binaries run from a Release folder (scripts/test.sh), else Debug.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string RepositoryRoot { get; } = FindRoot();

    public static string ServiceDirectory(string project) =>
        Path.Combine(RepositoryRoot, "services", project, "bin", Configuration, "net10.0");

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
