using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SignalStreams.SignalApi.Auth;

/// <summary>
/// Looks a bearer token up by the SHA-256 of its value, so the plain tokens are not kept in a dictionary and the
/// comparison does not leak how much of a guess was right. A caller is identified by <c>token-{n}</c>, never by the token.
/// </summary>
internal sealed class TokenDirectory
{
    private readonly Dictionary<string, ApiCaller> _byHash = new(StringComparer.Ordinal);

    public TokenDirectory(IOptions<AuthOptions> options)
    {
        var tokens = options.Value.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(tokens[i].Token))
            {
                _byHash[Hash(tokens[i].Token)] = new ApiCaller($"token-{i}", tokens[i].Role);
            }
        }
    }

    public int Count => _byHash.Count;

    public ApiCaller? Find(string token) => _byHash.GetValueOrDefault(Hash(token));

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>Who called: the token's position in configuration and its role.</summary>
internal sealed record ApiCaller(string Id, string Role);
