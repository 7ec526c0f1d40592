using System.Runtime.CompilerServices;
using SignalStreams.Kafka;

namespace SignalStreams.SignalApi.Tests;

/// <summary>
/// Loads librdkafka from the librdkafka.redist package as this test assembly starts, before any test (or anything
/// it calls) can touch Confluent.Kafka and let it pick a system librdkafka.
/// </summary>
internal static class KafkaNativeLibraryInitializer
{
    [ModuleInitializer]
    internal static void Load() => KafkaNativeLibrary.EnsureLoaded();
}
