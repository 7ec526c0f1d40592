using System.Collections.Concurrent;
using SignalStreams.SignalExecutor.Machine;

namespace SignalStreams.SignalExecutor.Dispatch;

/// <summary>
/// Runs exchange calls off the stream thread with one user's calls in sequence and different users' calls
/// concurrently, each endpoint behind a bulkhead of its own: at most <c>MaxInFlightPerEndpoint</c> running and
/// <c>MaxQueuedPerEndpoint</c> waiting. A user's next call waits in the user's lane, not in a slot, and a call only
/// ever takes a slot of its own endpoint, so a hanging exchange fills its own slots and nobody else's. (The circuit
/// breaker per endpoint, which opens on timeouts as well as errors, is the exchange client's: one per base URL.)
/// Answers are queued per partition; the stream task that owns the partition takes them on its own thread and feeds
/// them to the machine (stores and outputs are only touched there). A lost answer (crash, rebalance) costs nothing but
/// time: the pair stays pending and the reconcile timer looks the order up.
/// </summary>
public sealed class ExchangeDispatcher : IDisposable
{
    private readonly Func<ExchangeCall, CancellationToken, Task<CallResult>> _body;
    private readonly Func<ExchangeCall, string> _endpointOf;
    private readonly ExchangeDispatcherOptions _options;
    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<Work>> _lanes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pairs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, ConcurrentQueue<DispatchedAnswer>> _answers = new();
    private readonly CancellationTokenSource _stopping = new();

    public ExchangeDispatcher(Func<ExchangeCall, CancellationToken, Task<CallResult>> body, Func<ExchangeCall, string> endpointOf, ExchangeDispatcherOptions options)
    {
        _body = body;
        _endpointOf = endpointOf;
        _options = options;
    }

    /// <summary>Raised (on a pool thread) whenever an answer was queued.</summary>
    public event Action<int>? AnswerQueued;

    /// <summary>Whether a call for the pair was submitted and not answered yet.</summary>
    public bool IsInFlight(string pairKey)
    {
        lock (_gate)
        {
            return _pairs.Contains(pairKey);
        }
    }

    /// <summary>
    /// Queues <paramref name="call"/> behind the user's earlier calls. <paramref name="durable"/> (the durability barrier
    /// of the record that names the call) is awaited before the call takes a slot. False when the pair has a call in flight.
    /// </summary>
    public bool Submit(int partition, ExchangeCall call, Func<Task>? durable = null)
    {
        var work = new Work(partition, call, _endpointOf(call), durable);
        lock (_gate)
        {
            if (!_pairs.Add(call.Key))
            {
                return false;
            }

            if (!_lanes.TryGetValue(call.UserId, out var lane))
            {
                lane = new Queue<Work>();
                _lanes[call.UserId] = lane;
            }

            lane.Enqueue(work);
            if (lane.Count > 1)
            {
                return true;
            }
        }

        _ = PrepareAsync(work);
        return true;
    }

    /// <summary>The answers queued for <paramref name="partition"/>, oldest first.</summary>
    public IReadOnlyList<DispatchedAnswer> TakeAnswers(int partition, int max = 1000)
    {
        var taken = new List<DispatchedAnswer>();
        if (_answers.TryGetValue(partition, out var queue))
        {
            while (taken.Count < max && queue.TryDequeue(out var answer))
            {
                taken.Add(answer);
            }
        }

        return taken;
    }

    /// <summary>Running and waiting calls of an endpoint.</summary>
    public (int InFlight, int Queued) Load(string endpoint)
    {
        lock (_gate)
        {
            return _endpoints.TryGetValue(endpoint, out var e) ? (e.InFlight, e.Waiting.Count) : (0, 0);
        }
    }

    /// <summary>Every endpoint's running and waiting calls (for the gauges).</summary>
    public IReadOnlyList<(string Endpoint, int InFlight, int Queued)> Loads()
    {
        lock (_gate)
        {
            return _endpoints.Select(e => (e.Key, e.Value.InFlight, e.Value.Waiting.Count)).ToList();
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task PrepareAsync(Work work)
    {
        if (work.Durable is { } durable)
        {
            try
            {
                await durable();
            }
            catch (Exception e)
            {
                Finish(work, new CallResult.Unknown($"The record before the call was not acknowledged ({e.GetType().Name}); nothing was sent."), tookSlot: false);
                return;
            }
        }

        bool start;
        lock (_gate)
        {
            var endpoint = EndpointOf(work.Endpoint);
            if (endpoint.InFlight < _options.MaxInFlightPerEndpoint)
            {
                endpoint.InFlight++;
                start = true;
            }
            else if (endpoint.Waiting.Count < _options.MaxQueuedPerEndpoint)
            {
                endpoint.Waiting.Enqueue(work);
                return;
            }
            else
            {
                start = false;
            }
        }

        if (start)
        {
            _ = RunAsync(work);
        }
        else
        {
            Finish(work, new CallResult.Unknown($"Too many calls are waiting for {work.Endpoint}; the order will be looked up and placed later."), tookSlot: false);
        }
    }

    private async Task RunAsync(Work work)
    {
        await Task.Yield();
        CallResult result;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            deadline.CancelAfter(_options.CallTimeoutMs);
            result = await _body(work.Call, deadline.Token);
        }
        catch (Exception e)
        {
            result = new CallResult.Unknown($"The call failed ({e.GetType().Name}).");
        }

        Finish(work, result, tookSlot: true);
    }

    private void Finish(Work work, CallResult result, bool tookSlot)
    {
        Work? nextOfUser = null;
        Work? nextOfEndpoint = null;
        var answers = _answers.GetOrAdd(work.Partition, _ => new ConcurrentQueue<DispatchedAnswer>());
        lock (_gate)
        {
            // Queued before the pair stops counting as in flight, so a reconcile never slips in between.
            answers.Enqueue(new DispatchedAnswer(work.Partition, work.Call, result));
            _pairs.Remove(work.Call.Key);
            var lane = _lanes[work.Call.UserId];
            lane.Dequeue();
            if (lane.Count == 0)
            {
                _lanes.Remove(work.Call.UserId);
            }
            else
            {
                nextOfUser = lane.Peek();
            }

            if (tookSlot)
            {
                var endpoint = EndpointOf(work.Endpoint);
                if (endpoint.Waiting.TryDequeue(out var waiting))
                {
                    nextOfEndpoint = waiting; // the slot passes on
                }
                else
                {
                    endpoint.InFlight--;
                }
            }
        }

        AnswerQueued?.Invoke(work.Partition);
        if (nextOfEndpoint is not null)
        {
            _ = RunAsync(nextOfEndpoint);
        }

        if (nextOfUser is not null)
        {
            _ = PrepareAsync(nextOfUser);
        }
    }

    private Endpoint EndpointOf(string name)
    {
        if (!_endpoints.TryGetValue(name, out var endpoint))
        {
            endpoint = new Endpoint();
            _endpoints[name] = endpoint;
        }

        return endpoint;
    }

    private sealed record Work(int Partition, ExchangeCall Call, string Endpoint, Func<Task>? Durable);

    private sealed class Endpoint
    {
        public int InFlight { get; set; }

        public Queue<Work> Waiting { get; } = new();
    }
}
