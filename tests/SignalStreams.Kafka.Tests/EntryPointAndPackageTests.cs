using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using SignalStreams.Kafka.Mock;
using SignalStreams.Testing;

namespace SignalStreams.Kafka.Tests;

public sealed class EntryPointAndPackageTests
{
    [Fact]
    public async Task Dev_kafka_prints_the_bootstrap_servers_first_writes_the_file_serves_every_topic_and_creates_requested_ones()
    {
        var bootstrapFile = Path.Combine(Path.GetTempPath(), $"bootstrap-{Guid.NewGuid():N}.txt");
        var info = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(RepositoryPaths.Root, "scripts", "dev-kafka.sh"), "--brokers", "2", "--bootstrap-file", bootstrapFile },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["SIGNAL_STREAMS_CONFIGURATION"] = RepositoryPaths.Configuration;
        using var process = Process.Start(info)!;
        try
        {
            var firstLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));

            Assert.Matches(@"^127\.0\.0\.1:\d+,127\.0\.0\.1:\d+$", firstLine);
            Assert.Equal(firstLine, (await File.ReadAllTextAsync(bootstrapFile)).Trim());
            var metadata = await RunAsync("kcat", "-L", "-b", firstLine!);
            Assert.Contains("2 brokers:", metadata, StringComparison.Ordinal);
            Assert.Contains("topic \"signal-executions\" with 12 partitions", metadata, StringComparison.Ordinal);
            Assert.Contains("topic \"signals.dlq\" with 1 partitions", metadata, StringComparison.Ordinal);
            Assert.Contains("topic \"signal-router-fanouts-changelog\" with 6 partitions", metadata, StringComparison.Ordinal);

            // The mock has no CreateTopics: a client asks for topics on the request topic, kcat being any client.
            await RunAsync("sh", "-c", $"echo requested-one:5 | kcat -P -b {firstLine} -t {DevClusterTopicRequests.TopicName} -K :");
            // Metadata of all topics: asking for this one by name could auto-create it with the mock's default 4.
            await Eventually.UntilAsync(
                async () => (await RunAsync("kcat", "-L", "-b", firstLine!)).Contains("topic \"requested-one\" with 5 partitions", StringComparison.Ordinal),
                "the dev cluster created the requested topic with its 5 partitions");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            File.Delete(bootstrapFile);
        }
    }

    [Fact]
    public async Task Sdk_packs_into_a_package_that_carries_its_assemblies_and_depends_on_confluent_kafka()
    {
        var output = Path.Combine(Path.GetTempPath(), $"pack-{Guid.NewGuid():N}");
        await RunAsync("dotnet", "pack", Path.Combine(RepositoryPaths.Root, "libs", "SignalStreams.Sdk"), "-c", RepositoryPaths.Configuration, "--no-build", "-o", output, "-nologo");

        var package = Assert.Single(Directory.GetFiles(output, "SignalStreams.Sdk.*.nupkg"));
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net10.0/SignalStreams.Sdk.dll", entries);
        Assert.Contains("lib/net10.0/SignalStreams.Contracts.dll", entries);
        Assert.Contains("lib/net10.0/SignalStreams.Kafka.dll", entries);
        Assert.Contains("README.md", entries);
        await using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var dependency = XDocument.Load(nuspec).Descendants().Single(e => e.Name.LocalName == "dependency");
        Assert.Equal("Confluent.Kafka", dependency.Attribute("id")!.Value);
        var central = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props")).Descendants("PackageVersion").Single(e => e.Attribute("Include")!.Value == "Confluent.Kafka");
        Assert.Equal($"[{central.Attribute("Version")!.Value}]", dependency.Attribute("version")!.Value);
        Assert.StartsWith("[2.16.", dependency.Attribute("version")!.Value, StringComparison.Ordinal);
        Directory.Delete(output, recursive: true);
    }

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed: {await output}{await errors}");
        return await output;
    }
}
