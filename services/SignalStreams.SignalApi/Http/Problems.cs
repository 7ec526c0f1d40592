using SignalStreams.Contracts;

namespace SignalStreams.SignalApi.Http;

/// <summary>RFC 7807 answers (<c>application/problem+json</c>) with a <c>detail</c> sentence.</summary>
internal static class Problems
{
    public static IResult Status(int statusCode, string detail) => Results.Problem(detail: detail, statusCode: statusCode);

    /// <summary>400 listing every problem: <c>errors</c> by field, and all of them in <c>detail</c>.</summary>
    public static IResult Invalid(string what, IEnumerable<ValidationProblem> problems)
    {
        var list = problems.ToList();
        var errors = list.GroupBy(p => p.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
        return Results.ValidationProblem(errors, detail: $"{what} is invalid: {string.Join(" ", list.Select(p => p.Message))}", title: "Invalid request");
    }

    public static IResult Invalid(string what, string field, string message) => Invalid(what, [new ValidationProblem(field, message)]);

    public static IResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, detail);
}
