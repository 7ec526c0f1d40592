using System.Text.RegularExpressions;

namespace SignalStreams.Contracts;

/// <summary>The shape of a userId: it appears in keys such as <c>{signalId}:{userId}</c>, so ':' is not allowed.</summary>
public static partial class UserIds
{
    public const string Rule = "userId must be 1-64 characters of A-Z, a-z, 0-9, '_', '.' or '-'.";

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? userId) => userId is not null && Pattern().IsMatch(userId);
}
