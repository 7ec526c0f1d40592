using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace SignalStreams.Kafka;

/// <summary>
/// Makes every use of librdkafka in this process load the copy from the <c>librdkafka.redist</c> package that ships
/// with the app, never a system one. On Linux x64 that is <c>centos8-librdkafka.so</c>: the package's plain
/// <c>librdkafka.so</c> needs <c>libsasl2.so.3</c>, which Debian 12 lacks, and when it fails to load Confluent.Kafka
/// silently takes any <c>librdkafka.so</c> of the OS (Debian's 2.0.2 then crashes on a missing entry point).
/// Call <see cref="EnsureLoaded"/> before any Kafka use; it is idempotent and cheap after the first call.
/// </summary>
public static class KafkaNativeLibrary
{
    private const string ConfluentLibraryName = "librdkafka";
    private const string ConfluentCentos8LibraryName = "centos8-librdkafka";
    private const string DynamicLinkerLibraryName = "libdl";

    private static readonly Lock Gate = new();
    private static readonly HashSet<Assembly> Resolved = [];
    private static IntPtr _handle;

    /// <summary>The file librdkafka was loaded from; null until <see cref="EnsureLoaded"/> ran, or off Linux.</summary>
    public static string? LoadedFrom { get; private set; }

    /// <summary>
    /// Points Confluent.Kafka (and so every library built on it, e.g. Streamiz) at the package's librdkafka, loads
    /// it and returns its version (<c>2.16.0</c>). Throws if the file is missing or if Confluent.Kafka had already
    /// loaded another copy before this call.
    /// </summary>
    public static string EnsureLoaded()
    {
        ResolveFor(typeof(Library).Assembly);
        var version = Library.VersionString;
        if (_handle != IntPtr.Zero && Library.Version != VersionOfLoadedFile())
        {
            throw new InvalidOperationException(
                $"Confluent.Kafka had already loaded librdkafka {version} before KafkaNativeLibrary.EnsureLoaded() ran, not {LoadedFrom}: call it before any Kafka use.");
        }

        return version;
    }

    /// <summary>
    /// Resolves the P/Invoke imports of <paramref name="assembly"/> named <c>librdkafka</c> to the package's file
    /// (for assemblies with their own imports, such as the mock cluster's). Calling it again for the same assembly
    /// changes nothing.
    /// </summary>
    public static void ResolveFor(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (!OperatingSystem.IsLinux())
        {
            // Elsewhere the package's runtimes/ folder loads as it is; the Debian pitfall is Linux-only.
            return;
        }

        lock (Gate)
        {
            if (_handle == IntPtr.Zero)
            {
                var path = FindPackagedFile();
                _handle = NativeLibrary.Load(path);
                LoadedFrom = path;
            }

            if (Resolved.Add(assembly))
            {
                NativeLibrary.SetDllImportResolver(assembly, Resolve);
            }
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) => libraryName switch
    {
        ConfluentLibraryName or ConfluentCentos8LibraryName => _handle,

        // Confluent.Kafka dlopens through "libdl", which Debian only ships as libdl.so.2 (libdl.so is in libc6-dev).
        DynamicLinkerLibraryName => NativeLibrary.Load("libdl.so.2"),
        _ => IntPtr.Zero,
    };

    private static string FindPackagedFile()
    {
        var architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

        // linux-x64 has a build without SASL (centos8-); linux-arm64 only has the plain one.
        var file = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? "centos8-librdkafka.so" : "librdkafka.so";
        string[] candidates =
        [
            // Published or built with a RuntimeIdentifier: native assets sit next to the app.
            Path.Combine(AppContext.BaseDirectory, file),

            // Portable build: NuGet's runtimes/<rid>/native layout.
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-" + architecture, "native", file),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new DllNotFoundException(
                $"librdkafka from the librdkafka.redist package was not found ({string.Join(" or ", candidates)}): reference the Confluent.Kafka package from the app so that its native files are copied.");
    }

    private static unsafe int VersionOfLoadedFile() =>
        ((delegate* unmanaged<int>)NativeLibrary.GetExport(_handle, "rd_kafka_version"))();
}
