using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SignalStreams.Contracts;
using SignalStreams.Exchange.Credentials;
using SignalStreams.Sdk;
using SignalStreams.SignalApi.Auth;
using SignalStreams.SignalApi.Endpoints;
using SignalStreams.SignalApi.Http;
using SignalStreams.SignalApi.OpenApi;
using SignalStreams.SignalApi.Views;
using SignalStreams.SignalApi.Webhooks;
using SignalStreams.Streamiz;

namespace SignalStreams.SignalApi;

public static class SignalApiServiceExtensions
{
    /// <summary>
    /// signal-api: bearer-token roles, a per-token rate limit, the producer SDK, the credential vault and the views
    /// (a Streamiz application of global stores of signals, signal-executions, mt5-signal-mappings,
    /// telegram-mappings and execution-decisions; readiness waits until it is RUNNING, i.e. until every store is restored).
    /// </summary>
    public static IHostApplicationBuilder AddSignalApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidator>();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new CredentialVault(sp.GetRequiredService<IOptions<SecretsOptions>>().Value.MasterKey, time: sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SignalApiMetrics>();
        services.AddSingleton<TokenDirectory>();
        services.AddProblemDetails();
        services.AddSignalPublisher();

        services.AddContractTable("signals", ContractsJsonContext.Default.Signal, SignalValidator.Validate);
        services.AddContractTable("signal-executions", ContractsJsonContext.Default.SignalExecution, execution => execution.Validate());
        services.AddContractTable<Mt5SignalMapping>("mt5-signal-mappings", ContractsJsonContext.Default.Mt5SignalMapping);
        services.AddContractTable<TelegramMapping>("telegram-mappings", ContractsJsonContext.Default.TelegramMapping);
        services.AddContractTable<Position>("positions", ContractsJsonContext.Default.Position);
        services.AddSingleton<ExecutionIndex>();
        services.AddSingleton<PositionIndex>();
        services.AddContractTable("execution-decisions", ContractsJsonContext.Default.ExecutionDecisionRecord, decision => decision.Validate());
        services.AddSingleton<DecisionIndex>();
        services.AddSingleton<ApiViews>();
        builder.AddStreamsApplication(ApiViews.ApplicationId, ApiViews.Build);

        services.AddAuthentication(BearerTokenHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.Policies.Admin, policy => policy.RequireRole(ApiRoles.Admin))
            .AddPolicy(ApiRoles.Policies.Source, policy => policy.RequireRole(ApiRoles.Source))
            .AddPolicy(ApiRoles.Policies.Reader, policy => policy.RequireRole(ApiRoles.Reader));
        services.AddRateLimiter(ConfigureRateLimiter);

        services.AddOptions<TradingViewOptions>().BindConfiguration(TradingViewOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TradingViewOptions>, TradingViewOptionsValidator>();
        services.AddSingleton<TradingViewSources>();
        services.AddSingleton<AlertPublications>();
        services.AddSignalApiOpenApi();
        return builder;
    }

    /// <summary>Middleware and the <c>/api</c> endpoints.</summary>
    public static WebApplication MapSignalApi(this WebApplication app)
    {
        // Resolved now so that the views' metrics are observable from the start.
        _ = app.Services.GetRequiredService<ApiViews>();
        if (app.Services.GetRequiredService<TokenDirectory>().Count == 0)
        {
            app.Logger.LogWarning("No Auth:Tokens are configured: every /api request will be answered 401");
        }

        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        var api = app.MapGroup("/api");
        SignalEndpoints.Map(api);
        QueryEndpoints.Map(api);
        UserEndpoints.Map(api);
        TradingViewEndpoint.Map(api);
        app.MapSignalApiReference();
        return app;
    }

    private static void ConfigureRateLimiter(RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            if (!http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                return RateLimitPartition.GetNoLimiter("unlimited");
            }

            var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
            var caller = http.User.Identity is { IsAuthenticated: true, Name: { } name } ? "token:" + name : "anonymous:" + http.Connection.RemoteIpAddress;
            return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = limits.PermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        options.OnRejected = async (context, cancellationToken) =>
        {
            context.HttpContext.RequestServices.GetRequiredService<SignalApiMetrics>().RateLimited();
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Problems.Status(StatusCodes.Status429TooManyRequests, $"Too many requests for this token; retry after {retryAfter} s.").ExecuteAsync(context.HttpContext);
        };
    }
}
