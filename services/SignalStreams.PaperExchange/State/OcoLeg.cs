namespace SignalStreams.PaperExchange.State;

/// <summary>One leg of a spot OCO as sent to <c>POST /api/v3/orderList/oco</c> (above… / below… parameters).</summary>
public sealed record OcoLeg(string Type, decimal Price, decimal StopPrice, string? TimeInForce, string ClientOrderId);
