using Microsoft.Extensions.Options;

namespace SignalStreams.SignalApi.Auth;

/// <summary>The <c>Auth</c> section: <c>Auth:Tokens:{n}:Token</c> and <c>Auth:Tokens:{n}:Role</c>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public List<ApiTokenOptions> Tokens { get; set; } = [];
}

/// <summary>Refuses to start with a token that has no value, an unknown role, or a value used twice. Never names a token's value.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Tokens.Count; i++)
        {
            var entry = options.Tokens[i];
            if (string.IsNullOrWhiteSpace(entry.Token))
            {
                failures.Add($"Auth:Tokens:{i}:Token is required when Auth:Tokens:{i} is configured.");
            }

            if (!ApiRoles.All.Contains(entry.Role, StringComparer.Ordinal))
            {
                failures.Add($"Auth:Tokens:{i}:Role must be admin, source or reader.");
            }
        }

        var duplicates = options.Tokens.Where(t => !string.IsNullOrWhiteSpace(t.Token)).GroupBy(t => t.Token, StringComparer.Ordinal).Count(g => g.Count() > 1);
        if (duplicates > 0)
        {
            failures.Add("Auth:Tokens has the same token value configured more than once; each token must be unique.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
