namespace SignalStreams.Contracts.Tests;

/// <summary>The JSON examples of CONTRACT.md §2, verbatim (the one-line shapes filled in with sample values).</summary>
internal static class ContractExamples
{
    public const string Signal = """
        {
          "signalId": "sig_12345",
          "source": "strategy-alpha",
          "symbol": "BTCUSDT",
          "market": "FUTURES",
          "side": "BUY",
          "entryPrice": 68000.0,
          "strength": "VERY_STRONG",
          "leverage": 10,
          "stopLoss": 67000.0,
          "takeProfit": 70000.0,
          "status": "ACTIVE",
          "createdAt": "2025-11-02T10:00:00.000Z",
          "expiresAt": "2025-11-02T10:05:00.000Z",
          "origin": { "kind": "mt5", "accountId": "acc-1", "positionId": "250999390" }
        }
        """;

    public const string UserSettings = """
        {
          "userId": "u-1",
          "email": "user@example.com",
          "botEnabled": true,
          "minStrength": "STRONG",
          "symbols": ["BTCUSDT", "ETHUSDT"],
          "markets": ["FUTURES"],
          "sizing": { "mode": "FIXED_QUOTE", "value": 100 },
          "leverage": 10,
          "maxOpenPositions": 5,
          "paperTrading": false
        }
        """;

    public const string SignalExecution = """
        {
          "signalId": "sig_12345",
          "userId": "u-1",
          "userEmail": "user@example.com",
          "status": "executed",
          "clientOrderId": "ss-6k2xAbCdEfGhIjKlMnOpQrStUvWxY",
          "executedAt": "2025-11-02T10:30:15.000Z",
          "actualEntryPrice": 68010.5,
          "quantity": 0.15,
          "leverage": 10,
          "orderId": "8389765",
          "positionId": "u-1:8389765",
          "slippage": 0.0154,
          "latency": 250,
          "failedAt": null,
          "failureReason": null,
          "errorDetails": null,
          "aiDecisionApplied": false,
          "createdAt": "2025-11-02T10:30:00.000Z",
          "updatedAt": "2025-11-02T10:30:15.000Z"
        }
        """;

    public const string ExecutionRequest = """
        { "signalId": "sig_12345", "userId": "u-1", "requestedAt": "2025-11-02T10:01:00.000Z" }
        """;

    public const string Position = """
        { "positionId": "u-1:8389765", "userId": "u-1", "signalId": "sig_12345", "symbol": "BTCUSDT", "market": "FUTURES",
          "side": "BUY", "quantity": 0.15, "entryPrice": 68010.5, "leverage": 10, "status": "OPEN",
          "openedAt": "2025-11-02T10:30:15.000Z" }
        """;

    public const string PositionEvent = """
        {
          "eventId": "evt-1",
          "accountId": "acc-1",
          "positionId": "250999390",
          "eventType": "UPDATED",
          "symbol": "BTCUSDr",
          "type": "POSITION_TYPE_BUY",
          "volume": 0.1,
          "openPrice": 68000.0,
          "currentPrice": 68010.0,
          "stopLoss": null,
          "takeProfit": null,
          "profit": -4.8,
          "time": "2025-11-02T10:00:00.000Z",
          "updateTime": "2025-11-02T10:00:01.000Z"
        }
        """;

    public const string Mt5SignalMapping = """
        { "accountId": "acc-1", "positionId": "250999390", "signalId": "PENDING", "pair": "BTCUSDT", "status": "processing",
          "createdAt": "2025-11-02T10:00:01.000Z", "updatedAt": "2025-11-02T10:00:01.000Z", "lastKnownProfit": null }
        """;

    public const string TelegramMapping = """
        { "accountId": "acc-1", "positionId": "250999390", "signalId": "mt5-acc-1-250999390", "chatId": "-1001234567890",
          "messageId": 42, "status": "sent", "sentAt": "2025-11-02T10:00:02.000Z", "updatedAt": "2025-11-02T10:00:02.000Z" }
        """;

    public const string EncryptedCredentials = """
        { "userId": "u-1", "algorithm": "AES-256-GCM", "keyId": "v1", "nonce": "AAECAwQFBgcICQoL",
          "ciphertext": "3q2+7w==", "tag": "AAECAwQFBgcICQoLDA0ODw==", "updatedAt": "2025-11-02T10:00:00.000Z" }
        """;
}
