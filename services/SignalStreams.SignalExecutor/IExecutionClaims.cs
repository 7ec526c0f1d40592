using SignalStreams.Redis;

namespace SignalStreams.SignalExecutor;

/// <summary>The executor's Redis claims on (signal, user) pairs; see <see cref="ExecutionClaims"/>.</summary>
public interface IExecutionClaims
{
    /// <summary>How long a claim lasts (<c>Executor:ClaimLeaseSeconds</c>).</summary>
    TimeSpan Lease { get; }

    Task<ClaimResult> TryClaimAsync(string signalId, string userId);

    Task CompleteAsync(string signalId, string userId, string status);
}
