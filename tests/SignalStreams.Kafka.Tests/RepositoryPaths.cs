namespace SignalStreams.Kafka.Tests;

internal static class RepositoryPaths
{
    /// <summary>The checkout's root: the folder holding signal-streams.sln above the test binaries.</summary>
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "signal-streams.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("signal-streams.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
}
