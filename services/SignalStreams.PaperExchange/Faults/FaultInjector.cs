namespace SignalStreams.PaperExchange.Faults;

/// <summary>The active fault rules; a request takes the first rule that matches it and still has hits left.</summary>
public sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private readonly List<(FaultRule Rule, int? Left)> _rules = [];
    private readonly Random _random;
    private int _nextId;

    public FaultInjector(IEnumerable<FaultRule> initial, int seed)
    {
        _random = seed == 0 ? new Random() : new Random(seed);
        foreach (var rule in initial)
        {
            Add(rule);
        }
    }

    /// <summary>Adds a rule and returns it with its id.</summary>
    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_lock)
        {
            var stored = rule with { Id = "f" + (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            _rules.Add((stored, stored.Times));
            return stored;
        }
    }

    public bool Remove(string id)
    {
        lock (_lock)
        {
            return _rules.RemoveAll(r => r.Rule.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    /// <summary>The rules still active, with hits left in <see cref="FaultRule.Times"/>.</summary>
    public IReadOnlyList<FaultRule> List()
    {
        lock (_lock)
        {
            return _rules.Select(r => r.Rule with { Times = r.Left }).ToList();
        }
    }

    /// <summary>The rule this request hits, if any; counts the hit.</summary>
    public FaultRule? Match(string method, string path, string? apiKey, string? symbol)
    {
        lock (_lock)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, left) = _rules[i];
                if (!Matches(rule, method, path, apiKey, symbol) || (rule.Probability < 1.0 && _random.NextDouble() >= rule.Probability))
                {
                    continue;
                }

                if (left is not null)
                {
                    if (left <= 1)
                    {
                        _rules.RemoveAt(i);
                    }
                    else
                    {
                        _rules[i] = (rule, left - 1);
                    }
                }

                return rule;
            }

            return null;
        }
    }

    private static bool Matches(FaultRule rule, string method, string path, string? apiKey, string? symbol) =>
        (rule.ApiKey is null || string.Equals(rule.ApiKey, apiKey, StringComparison.Ordinal))
        && (rule.Symbol is null || string.Equals(rule.Symbol, symbol, StringComparison.Ordinal))
        && (rule.Path is null || path.StartsWith(rule.Path, StringComparison.Ordinal))
        && (rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase));
}
