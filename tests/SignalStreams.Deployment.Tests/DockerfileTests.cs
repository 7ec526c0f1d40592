namespace SignalStreams.Deployment.Tests;

public sealed class DockerfileTests
{
    private readonly string _dockerfile = Repository.Read("Dockerfile");

    [Fact]
    public void Image_is_built_in_two_stages_from_the_official_dotnet_10_images()
    {
        Assert.Matches(@"(?m)^ARG DOTNET_TAG=10\.0", _dockerfile);
        Assert.Matches(@"(?m)^FROM mcr\.microsoft\.com/dotnet/sdk:\$\{DOTNET_TAG\} AS build$", _dockerfile);
        Assert.Matches(@"(?m)^FROM mcr\.microsoft\.com/dotnet/aspnet:\$\{DOTNET_TAG\} AS runtime$", _dockerfile);
        Assert.Contains("dotnet publish \"${PROJECT}\" -c Release", _dockerfile, StringComparison.Ordinal);
        Assert.Contains("COPY --from=build /app ./", _dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Container_runs_as_the_numeric_non_root_app_user_with_a_liveness_healthcheck()
    {
        var runtime = _dockerfile[_dockerfile.IndexOf("AS runtime", StringComparison.Ordinal)..];

        Assert.Matches(@"(?m)^USER 1654:1654$", runtime);
        Assert.Matches(@"(?m)^EXPOSE 8080$", runtime);
        Assert.Matches(@"HEALTHCHECK [^\n]*\\\n\s+CMD curl -fsS -o /dev/null http://127\.0\.0\.1:8080/health/live", runtime);
        Assert.Contains("exec dotnet", runtime, StringComparison.Ordinal);
    }

    [Fact]
    public void Kafka_native_library_comes_from_the_package_in_the_published_output_never_from_apt()
    {
        // librdkafka.redist's files are published with the app; a system librdkafka would be a second, older copy.
        Assert.DoesNotContain("librdkafka", string.Join('\n', _dockerfile.Split('\n').Where(l => l.Contains("apt-get", StringComparison.Ordinal) || l.TrimStart().StartsWith("&&", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.DoesNotContain("Directory.Build.targets", _dockerfile, StringComparison.Ordinal);
        Assert.Contains("COPY global.json Directory.Build.props Directory.Packages.props", _dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_context_leaves_out_build_output_tests_and_local_secrets()
    {
        var ignored = Repository.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(["**/bin/", "**/obj/", ".git/", "tests/", ".env"], StringComparer.Ordinal), ignored);
    }

    [Fact]
    public void Entrypoint_runs_the_assembly_named_after_the_project_folder()
    {
        Assert.Contains("basename \"${PROJECT}\" > /app/.service-assembly", _dockerfile, StringComparison.Ordinal);
        Assert.Contains("exec dotnet \\\"/app/$(cat /app/.service-assembly).dll\\\" \\\"$@\\\"", _dockerfile, StringComparison.Ordinal);
    }
}
