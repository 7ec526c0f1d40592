using SignalStreams.Contracts;
using SignalStreams.Streamiz;

namespace SignalStreams.SignalApi.Views;

/// <summary>The <c>execution-decisions</c> table (key <c>{signalId}:{userId}</c>) by signal and by user, and one pair's latest decision.</summary>
internal sealed class DecisionIndex(ContractTable<ExecutionDecisionRecord> table)
    : SignalUserIndex<ExecutionDecisionRecord>(table, static d => d.SignalId, static d => d.UserId)
{
    public ExecutionDecisionRecord? Find(string signalId, string userId) => Table.Get(ExecutionKeys.Of(signalId, userId));
}
