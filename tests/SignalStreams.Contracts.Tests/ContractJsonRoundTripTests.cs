using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace SignalStreams.Contracts.Tests;

public sealed class ContractJsonRoundTripTests
{
    [Fact]
    public void Signal_example_round_trips() => RoundTrip(ContractExamples.Signal, ContractsJsonContext.Default.Signal);

    [Fact]
    public void UserSettings_example_round_trips() => RoundTrip(ContractExamples.UserSettings, ContractsJsonContext.Default.UserSettings);

    [Fact]
    public void SignalExecution_example_round_trips() => RoundTrip(ContractExamples.SignalExecution, ContractsJsonContext.Default.SignalExecution);

    [Fact]
    public void ExecutionRequest_example_round_trips() => RoundTrip(ContractExamples.ExecutionRequest, ContractsJsonContext.Default.ExecutionRequest);

    [Fact]
    public void Position_example_round_trips() => RoundTrip(ContractExamples.Position, ContractsJsonContext.Default.Position);

    [Fact]
    public void A_closed_position_with_its_protective_orders_and_pnl_round_trips() => RoundTrip(
        """
        { "positionId": "u-1:8389765", "userId": "u-1", "signalId": "sig_12345", "symbol": "BTCUSDT", "market": "FUTURES",
          "side": "BUY", "quantity": 0.15, "entryPrice": 68010.5, "leverage": 10, "status": "CLOSED",
          "openedAt": "2025-11-02T10:30:15.000Z", "stopLoss": 67000, "takeProfit": 70000,
          "stopLossOrderId": "ss-abc-sl", "takeProfitOrderId": "ss-abc-tp", "closedAt": "2025-11-02T11:02:00.000Z",
          "exitPrice": 67000, "realizedPnl": -151.575, "realizedPnlPercent": -1.4858, "closeReason": "stop-loss",
          "updatedAt": "2025-11-02T11:02:00.000Z" }
        """,
        ContractsJsonContext.Default.Position);

    [Fact]
    public void A_position_close_request_round_trips() => RoundTrip(
        """{ "userId": "u-1", "positionId": "u-1:8389765", "requestedBy": "admin", "requestedAt": "2025-11-02T11:00:00.000Z" }""",
        ContractsJsonContext.Default.PositionCloseRequest);

    [Fact]
    public void PositionEvent_example_round_trips() => RoundTrip(ContractExamples.PositionEvent, ContractsJsonContext.Default.PositionEvent);

    [Fact]
    public void Mt5SignalMapping_example_round_trips() => RoundTrip(ContractExamples.Mt5SignalMapping, ContractsJsonContext.Default.Mt5SignalMapping);

    [Fact]
    public void TelegramMapping_example_round_trips() => RoundTrip(ContractExamples.TelegramMapping, ContractsJsonContext.Default.TelegramMapping);

    [Fact]
    public void EncryptedCredentials_example_round_trips() => RoundTrip(ContractExamples.EncryptedCredentials, ContractsJsonContext.Default.EncryptedCredentials);

    [Fact]
    public void Signal_example_reads_into_the_expected_values()
    {
        var signal = Parse(ContractExamples.Signal, ContractsJsonContext.Default.Signal);

        Assert.Equal("sig_12345", signal.SignalId);
        Assert.Equal(MarketType.Futures, signal.Market);
        Assert.Equal(OrderSide.Buy, signal.Side);
        Assert.Equal(68000m, signal.EntryPrice);
        Assert.Equal(SignalStrength.VeryStrong, signal.Strength);
        Assert.Equal(SignalStatus.Active, signal.Status);
        Assert.Equal(new DateTimeOffset(2025, 11, 2, 10, 5, 0, TimeSpan.Zero), signal.ExpiresAt);
        Assert.Equal("250999390", signal.Origin!.PositionId);
    }

    [Fact]
    public void Timestamps_are_written_as_utc_with_milliseconds()
    {
        var signal = Parse(ContractExamples.Signal, ContractsJsonContext.Default.Signal) with
        {
            CreatedAt = new DateTimeOffset(2025, 11, 2, 12, 30, 15, 7, TimeSpan.FromHours(2)),
        };

        var json = Encoding.UTF8.GetString(ContractJson.Serialize(signal, ContractsJsonContext.Default.Signal));

        Assert.Contains("\"createdAt\":\"2025-11-02T10:30:15.007Z\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Legacy_EXECUTED_status_reads_and_stays_executable()
    {
        var signal = Parse(ContractExamples.Signal.Replace("\"ACTIVE\"", "\"EXECUTED\"", StringComparison.Ordinal), ContractsJsonContext.Default.Signal);

        Assert.Equal(SignalStatus.Executed, signal.Status);
        Assert.True(signal.IsExecutableAt(signal.CreatedAt.AddMinutes(1)));
        Assert.False(signal.IsExecutableAt(signal.ExpiresAt));
    }

    [Fact]
    public void Unknown_enum_value_is_a_parse_error_naming_the_field()
    {
        var json = ContractExamples.Signal.Replace("\"BUY\"", "\"HOLD\"", StringComparison.Ordinal);

        var error = Assert.Throws<System.Text.Json.JsonException>(() => Parse(json, ContractsJsonContext.Default.Signal));

        Assert.Contains("side", error.Path ?? error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_fields_are_a_parse_error_listing_them()
    {
        var error = Assert.Throws<System.Text.Json.JsonException>(() => Parse("""{ "signalId": "s1" }""", ContractsJsonContext.Default.Signal));

        Assert.Contains("symbol", error.Message, StringComparison.Ordinal);
        Assert.Contains("entryPrice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absent_optional_fields_read_as_their_documented_defaults()
    {
        var settings = Parse("""{ "userId": "u-1", "botEnabled": true, "sizing": { "mode": "FIXED_QUOTE", "value": 10 } }""", ContractsJsonContext.Default.UserSettings);
        var credentials = Parse("""{ "userId": "u-1", "nonce": "AAECAwQFBgcICQoL", "ciphertext": "3q2+7w==", "tag": "AAECAwQFBgcICQoLDA0ODw==", "updatedAt": "2025-11-02T10:00:00.000Z" }""", ContractsJsonContext.Default.EncryptedCredentials);

        Assert.Equal(SignalStrength.Weak, settings.MinStrength);
        Assert.True(settings.Validate().IsValid, settings.Validate().Describe());
        Assert.Equal("AES-256-GCM", credentials.Algorithm);
        Assert.Equal("v1", credentials.KeyId);
        Assert.True(credentials.Validate().IsValid, credentials.Validate().Describe());
    }

    private static T Parse<T>(string json, JsonTypeInfo<T> typeInfo)
        where T : class => ContractJson.Deserialize(Encoding.UTF8.GetBytes(json), typeInfo);

    private static void RoundTrip<T>(string json, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        var record = Parse(json, typeInfo);
        var written = Encoding.UTF8.GetString(ContractJson.Serialize(record, typeInfo));
        JsonEquivalence.AssertEquivalent(json, written);
    }
}
