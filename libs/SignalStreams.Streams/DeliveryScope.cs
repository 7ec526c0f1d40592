namespace SignalStreams.Streams;

/// <summary>The changelog and output deliveries of one record (or punctuation), awaited before it counts as done.</summary>
internal sealed class DeliveryScope
{
    private readonly List<Task> _deliveries = [];
    private readonly Lock _gate = new();

    public void Add(Task delivery)
    {
        lock (_gate)
        {
            _deliveries.Add(delivery);
        }
    }

    public Task WhenDeliveredAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_deliveries.ToArray());
        }
    }
}
