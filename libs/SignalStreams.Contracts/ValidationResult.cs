namespace SignalStreams.Contracts;

/// <summary>One thing wrong with a record: the JSON field it concerns and a sentence saying what is wrong.</summary>
public sealed record ValidationProblem(string Field, string Message)
{
    public override string ToString() => Message;
}

/// <summary>Every problem found in a record, so that a 400 answer or a DLQ header can list them all at once.</summary>
public class ValidationResult
{
    public static readonly ValidationResult Ok = new([]);

    public ValidationResult(IReadOnlyList<ValidationProblem> problems) => Problems = problems;

    public IReadOnlyList<ValidationProblem> Problems { get; }

    public bool IsValid => Problems.Count == 0;

    /// <summary>All problems as one sentence list, for exceptions, logs and DLQ headers.</summary>
    public string Describe() => string.Join(" ", Problems.Select(p => p.Message));
}

/// <summary>A validation result that also carries the valid value.</summary>
public sealed class ValidationResult<T> : ValidationResult
    where T : class
{
    private ValidationResult(T? value, IReadOnlyList<ValidationProblem> problems)
        : base(problems) => Value = value;

    public T? Value { get; }

    public static ValidationResult<T> Valid(T value) => new(value, []);

    public static ValidationResult<T> Invalid(IReadOnlyList<ValidationProblem> problems) => new(null, problems);
}

/// <summary>Collects problems field by field.</summary>
public sealed class ProblemCollector
{
    private readonly List<ValidationProblem> _problems = [];

    public ProblemCollector Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            _problems.Add(new ValidationProblem(field, message));
        }

        return this;
    }

    public ProblemCollector Add(IEnumerable<ValidationProblem> problems)
    {
        _problems.AddRange(problems);
        return this;
    }

    public ValidationResult ToResult() => _problems.Count == 0 ? ValidationResult.Ok : new ValidationResult(_problems.ToList());
}
