using System.Diagnostics.CodeAnalysis;

namespace SignalStreams.Exchange.Planning;

/// <summary>Either a <see cref="MarketOrder"/> to send or a refusal with a machine code and a sentence for people.</summary>
public sealed record OrderPlan
{
    private OrderPlan()
    {
    }

    public MarketOrder? Order { get; private init; }

    /// <summary>One of <see cref="OrderRefusalCodes"/>.</summary>
    public string? RefusalCode { get; private init; }

    /// <summary>A sentence saying why no order is sent, with the numbers (goes to SignalExecution.failureReason).</summary>
    public string? RefusalReason { get; private init; }

    [MemberNotNullWhen(true, nameof(Order))]
    [MemberNotNullWhen(false, nameof(RefusalCode), nameof(RefusalReason))]
    public bool IsAccepted => Order is not null;

    public static OrderPlan Accept(MarketOrder order) => new() { Order = order };

    public static OrderPlan Refuse(string code, string reason) => new() { RefusalCode = code, RefusalReason = reason };
}
