namespace SignalStreams.SignalApi.Auth;

/// <summary>One configured bearer token and its role (admin | source | reader).</summary>
public sealed class ApiTokenOptions
{
    public string Token { get; set; } = "";

    public string Role { get; set; } = "";

    /// <summary>Never shows the token.</summary>
    public override string ToString() => $"ApiToken {{ Role = {Role}, Token = [redacted] }}";
}
