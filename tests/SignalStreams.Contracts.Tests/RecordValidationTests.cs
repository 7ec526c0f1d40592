using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace SignalStreams.Contracts.Tests;

public sealed class RecordValidationTests
{
    private static readonly UserSettings Settings = Parse(ContractExamples.UserSettings, ContractsJsonContext.Default.UserSettings);
    private static readonly PositionEvent Event = Parse(ContractExamples.PositionEvent, ContractsJsonContext.Default.PositionEvent);
    private static readonly SignalExecution Execution = Parse(ContractExamples.SignalExecution, ContractsJsonContext.Default.SignalExecution);
    private static readonly EncryptedCredentials Credentials = Parse(ContractExamples.EncryptedCredentials, ContractsJsonContext.Default.EncryptedCredentials);

    public static TheoryData<string, Func<UserSettings, UserSettings>> SettingsViolations => new()
    {
        { "userId", s => s with { UserId = "u:1" } },
        { "userId", s => s with { UserId = "" } },
        { "email", s => s with { Email = "not-an-address" } },
        { "minStrength", s => s with { MinStrength = (SignalStrength)9 } },
        { "symbols", s => s with { Symbols = ["BTCUSDT", "eth"] } },
        { "markets", s => s with { Markets = [(MarketType)9] } },
        { "sizing.mode", s => s with { Sizing = new Sizing { Mode = (SizingMode)9, Value = 1 } } },
        { "sizing.value", s => s with { Sizing = new Sizing { Mode = SizingMode.FixedQuote, Value = 0 } } },
        { "sizing.value", s => s with { Sizing = new Sizing { Mode = SizingMode.PercentBalance, Value = 101 } } },
        { "leverage", s => s with { Leverage = 0 } },
        { "maxOpenPositions", s => s with { MaxOpenPositions = -1 } },
        { "protection.mode", s => s with { Protection = new Protection { Mode = (ProtectionMode)9 } } },
        { "protection.stopLossPercent", s => s with { Protection = new Protection { Mode = ProtectionMode.Percent, StopLossPercent = 100 } } },
        { "protection.takeProfitPercent", s => s with { Protection = new Protection { Mode = ProtectionMode.Percent, TakeProfitPercent = 0 } } },
        { "protection", s => s with { Protection = new Protection { Mode = ProtectionMode.Percent } } },
        { "protection", s => s with { Protection = new Protection { Mode = ProtectionMode.None, StopLossPercent = 2 } } },
    };

    [Fact]
    public void The_contract_examples_are_valid()
    {
        Assert.True(Settings.Validate().IsValid, Settings.Validate().Describe());
        Assert.True(Event.Validate().IsValid, Event.Validate().Describe());
        Assert.True(Execution.Validate().IsValid, Execution.Validate().Describe());
        Assert.True(Credentials.Validate().IsValid, Credentials.Validate().Describe());
        Assert.True(Parse(ContractExamples.ExecutionRequest, ContractsJsonContext.Default.ExecutionRequest).Validate().IsValid);
    }

    [Theory]
    [MemberData(nameof(SettingsViolations))]
    public void A_settings_rule_violation_is_reported_for_its_field(string field, Func<UserSettings, UserSettings> mutate)
    {
        var problem = Assert.Single(mutate(Settings).Validate().Problems);
        Assert.Equal(field, problem.Field);
    }

    [Fact]
    public void Settings_without_symbols_markets_or_limits_are_valid()
    {
        var minimal = Settings with { Email = null, Symbols = null, Markets = null, Leverage = null, MaxOpenPositions = null, Sizing = new Sizing { Mode = SizingMode.PercentBalance, Value = 100 } };

        Assert.True(minimal.Validate().IsValid, minimal.Validate().Describe());
    }

    [Theory]
    [InlineData("eventId")]
    [InlineData("accountId")]
    [InlineData("positionId")]
    [InlineData("symbol")]
    [InlineData("volume")]
    [InlineData("openPrice")]
    [InlineData("eventType")]
    [InlineData("type")]
    public void A_position_event_rule_violation_is_reported_for_its_field(string field)
    {
        var broken = field switch
        {
            "eventId" => Event with { EventId = "" },
            "accountId" => Event with { AccountId = "acc 1" },
            "positionId" => Event with { PositionId = "" },
            "symbol" => Event with { Symbol = " " },
            "volume" => Event with { Volume = 0 },
            "openPrice" => Event with { OpenPrice = -1 },
            "eventType" => Event with { EventType = (PositionEventType)7 },
            _ => Event with { Type = (Mt5PositionType)7 },
        };

        Assert.Equal(field, Assert.Single(broken.Validate().Problems).Field);
    }

    [Fact]
    public void An_executed_record_needs_its_trade_details_and_a_failed_one_its_reason()
    {
        Assert.Equal("status", Assert.Single((Execution with { OrderId = null }).Validate().Problems).Field);
        Assert.Equal("failureReason", Assert.Single((Execution with { Status = ExecutionStatus.Failed }).Validate().Problems).Field);
        Assert.True((Execution with { Status = ExecutionStatus.Failed, FailureReason = "insufficient balance" }).Validate().IsValid);
        Assert.True((Execution with { Status = ExecutionStatus.Pending, OrderId = null, ActualEntryPrice = null }).Validate().IsValid);
        Assert.Equal("clientOrderId", Assert.Single((Execution with { ClientOrderId = new string('a', 33) }).Validate().Problems).Field);
    }

    [Fact]
    public void Credentials_need_a_12_byte_nonce_and_a_16_byte_tag()
    {
        Assert.Equal("nonce", Assert.Single((Credentials with { Nonce = "AAEC" }).Validate().Problems).Field);
        Assert.Equal("tag", Assert.Single((Credentials with { Tag = "not base64!" }).Validate().Problems).Field);
        Assert.Equal("algorithm", Assert.Single((Credentials with { Algorithm = "AES-128-CBC" }).Validate().Problems).Field);
    }

    [Fact]
    public void An_execution_request_needs_valid_ids()
    {
        var request = new ExecutionRequest { SignalId = "bad id", UserId = "u:2", RequestedAt = DateTimeOffset.UnixEpoch };

        Assert.Equal(["signalId", "userId"], request.Validate().Problems.Select(p => p.Field));
    }

    [Fact]
    public void A_command_whose_signal_is_invalid_reports_the_signal_fields()
    {
        var signal = Parse(ContractExamples.Signal, ContractsJsonContext.Default.Signal);
        var command = new ExecutionCommand { SignalId = signal.SignalId, UserId = "u-1", Signal = signal with { EntryPrice = 0 }, IssuedAt = DateTimeOffset.UnixEpoch };

        Assert.Equal("signal.entryPrice", Assert.Single(command.Validate().Problems).Field);
        Assert.True((command with { Signal = signal }).Validate().IsValid);
    }

    private static T Parse<T>(string json, JsonTypeInfo<T> typeInfo)
        where T : class => ContractJson.Deserialize(Encoding.UTF8.GetBytes(json), typeInfo);
}
