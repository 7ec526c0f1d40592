namespace SignalStreams.SignalApi.OpenApi;

/// <summary>
/// The <c>OpenApi</c> section. <c>OpenApi:Enabled</c> serves the OpenAPI document at <c>/openapi/v1.json</c> and the
/// interactive reference at <c>/reference</c>; unset, it is on in Development and off elsewhere.
/// </summary>
public sealed class OpenApiPageOptions
{
    public const string SectionName = "OpenApi";
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string ReferencePath = "/reference";

    public bool? Enabled { get; set; }

    public static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetSection(SectionName).Get<OpenApiPageOptions>()?.Enabled ?? environment.IsDevelopment();
}
