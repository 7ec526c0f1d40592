using Xunit;

// Each test starts its own paper exchange on a free port; running classes in parallel on two cores is fine.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
