namespace SignalStreams.Testing;

/// <summary>
/// Debian's chromium (installed by scripts/setup.sh --for-tests), headless, with a fresh profile and nothing that
/// reaches the internet on its own, so a page renders only from what the local server gives it.
/// </summary>
public static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>The DOM after the page's scripts ran (up to <paramref name="budget"/> of virtual time).</summary>
    public static async Task<string> DumpDomAsync(Uri page, TimeSpan budget)
    {
        var result = await RunAsync(page, budget, "--dump-dom");
        return result.ExitCode == 0 ? result.Output : throw new InvalidOperationException($"chromium --dump-dom {page} failed: {result}");
    }

    /// <summary>Saves a PNG of the rendered page at <paramref name="file"/>.</summary>
    public static async Task ScreenshotAsync(Uri page, string file, TimeSpan budget)
    {
        var result = await RunAsync(page, budget, $"--screenshot={file}", "--window-size=1400,1800", "--hide-scrollbars");
        if (result.ExitCode != 0 || !File.Exists(file))
        {
            throw new InvalidOperationException($"chromium --screenshot {page} failed: {result}");
        }
    }

    private static async Task<CommandResult> RunAsync(Uri page, TimeSpan budget, params string[] what)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run scripts/setup.sh --for-tests (apt package chromium).");
        }

        var profile = Directory.CreateTempSubdirectory("chromium-profile-");
        try
        {
            string[] flags =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
                $"--virtual-time-budget={(int)budget.TotalMilliseconds}",
            ];
            return await ExternalCommand.RunAsync(Executable, [.. flags, .. what, page.ToString()], TimeSpan.FromSeconds(120));
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
