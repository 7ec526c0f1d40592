using SignalStreams.Contracts;

namespace SignalStreams.Sdk;

/// <summary>A signal was refused before sending; <see cref="Problems"/> lists every problem at once.</summary>
public sealed class SignalValidationException(string? signalId, IReadOnlyList<ValidationProblem> problems)
    : Exception($"Signal '{signalId ?? "(no id)"}' is invalid: {string.Join(" ", problems.Select(p => p.Message))}")
{
    public string? SignalId { get; } = signalId;

    public IReadOnlyList<ValidationProblem> Problems { get; } = problems;
}
