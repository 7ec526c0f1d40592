using System.Text.Json.Serialization;

namespace SignalStreams.Streams.Tests;

/// <summary>How often a key was counted, and the last input offset counted (to recognise a replayed record).</summary>
public sealed record Tally(string Key, long Count, long LastOffset);

/// <summary>A small input record for tests.</summary>
public sealed record Note(string Text, int Sequence);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Tally))]
[JsonSerializable(typeof(Note))]
public sealed partial class TestJsonContext : JsonSerializerContext;
