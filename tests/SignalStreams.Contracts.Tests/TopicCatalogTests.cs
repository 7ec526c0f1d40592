namespace SignalStreams.Contracts.Tests;

public sealed class TopicCatalogTests
{
    [Fact]
    public void The_catalog_holds_the_contract_topics_and_each_services_internal_topics_by_application_id()
    {
        var contract = TopicNames.Catalog.Where(t => !t.IsInternal).Select(t => t.BaseName);
        Assert.Equal(
            ["signals", "user-settings", "user-credentials", "execution-commands", "execution-requests", "signal-executions", "positions", "mt5-position-events", "mt5-signal-mappings", "telegram-mappings", "execution-decisions"],
            contract);

        var names = new TopicNames("p-");
        Assert.Equal(["p-signal-router-fanouts-changelog", "p-signal-router-due-changelog"], names.InternalTopicsOf("signal-router").Select(t => t.BaseName));
        Assert.Equal(["p-r7-fanouts-changelog", "p-r7-due-changelog"], names.InternalTopicsOf("signal-router", "r7").Select(t => t.BaseName));
        Assert.All(names.InternalTopicsOf("signal-router"), t => Assert.Equal("signal-router", t.Owner));
        Assert.Equal(["p-signal-executor-executions-changelog", "p-signal-executor-index-changelog"], names.InternalTopicsOf("signal-executor").Select(t => t.BaseName));
        Assert.Equal(names.All().Count(), names.All().Select(t => t.BaseName).Distinct().Count());
    }

    [Fact]
    public void A_line_says_owner_topic_partitions_cleanup_retention_and_dlq()
    {
        var topics = TopicCatalog.Parse(new StringReader("""
            # comment
            contract        orders          12  delete   86400000  yes   # trailing comment
            order-service   order-service-store-changelog  12  compact  -  no
            """));

        Assert.Equal(new TopicSpec("orders", 12, Compacted: false, TimeSpan.FromDays(1), "contract", HasDeadLetter: true), topics[0]);
        Assert.Equal(new TopicSpec("order-service-store-changelog", 12, Compacted: true, null, "order-service", HasDeadLetter: false), topics[1]);
        Assert.Equal(["x-orders", "x-orders.dlq", "x-order-service-store-changelog"], TopicsWithPrefix(topics, "x-"));
    }

    [Theory]
    [InlineData("contract signals 6 compact -", "Topic catalog line 1: expected 6 columns (owner topic partitions cleanup retention dlq), found 5.")]
    [InlineData("contract signals 0 compact - yes", "Topic catalog line 1: partitions '0' is not a positive whole number.")]
    [InlineData("contract signals 6 compacted - yes", "Topic catalog line 1: cleanup 'compacted' is neither compact nor delete.")]
    [InlineData("contract signals 6 delete 1d yes", "Topic catalog line 1: retention '1d' is neither - nor milliseconds.")]
    [InlineData("contract signals 6 delete - maybe", "Topic catalog line 1: dlq 'maybe' is neither yes nor no.")]
    [InlineData("contract signals 6 delete - yes\nx signals 6 delete - no", "The topic catalog lists signals more than once.")]
    public void A_malformed_catalog_is_refused_with_the_line_and_the_problem(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => TopicCatalog.Parse(new StringReader(text)));
        Assert.Equal(expected, error.Message);
    }

    private static IEnumerable<string> TopicsWithPrefix(IEnumerable<TopicSpec> topics, string prefix) =>
        topics.SelectMany(t => t.HasDeadLetter ? [prefix + t.BaseName, TopicNames.DeadLetterOf(prefix + t.BaseName)] : new[] { prefix + t.BaseName });
}
