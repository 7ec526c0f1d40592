using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SignalStreams.SignalApi.Http;

namespace SignalStreams.SignalApi.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> against the configured tokens. Missing or unknown token → 401 problem,
/// a known token without the endpoint's role → 403 problem.
/// </summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenDirectory tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header is not a bearer token."));
        }

        var caller = tokens.Find(header[Prefix.Length..].Trim());
        if (caller is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The bearer token is not known."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, caller.Id), new Claim(ClaimTypes.Role, caller.Role)], SchemeName);
        if (caller.Role == ApiRoles.Admin)
        {
            // admin implies source and reader (see ApiRoles).
            identity.AddClaim(new Claim(ClaimTypes.Role, ApiRoles.Source));
            identity.AddClaim(new Claim(ClaimTypes.Role, ApiRoles.Reader));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = string.IsNullOrEmpty(Request.Headers.Authorization)
            ? "This endpoint needs an Authorization: Bearer <token> header."
            : "The bearer token is not known.";
        return Problems.Status(StatusCodes.Status401Unauthorized, detail).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Status(StatusCodes.Status403Forbidden, "The token's role is not allowed to call this endpoint.").ExecuteAsync(Context);
}
