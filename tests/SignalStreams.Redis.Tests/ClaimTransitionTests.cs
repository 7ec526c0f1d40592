using SignalStreams.Testing;

namespace SignalStreams.Redis.Tests;

/// <summary>The claim primitive's answers, one transition at a time, against a real redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class ClaimTransitionTests(RedisServerFixture redis) : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private readonly ClaimsUnderTest _subject = new(redis);

    private RedisClaims Claims => _subject.Claims;

    public void Dispose() => _subject.Dispose();

    [Fact]
    public async Task A_new_key_is_First_its_owner_claims_it_Again_and_another_owner_finds_it_Held()
    {
        var key = ClaimsUnderTest.NewKey("transitions");

        Assert.Equal(ClaimResult.First, await Claims.ClaimAsync(key, "a", Lease, Retention));
        Assert.Equal(ClaimResult.Held, await Claims.ClaimAsync(key, "b", Lease, Retention));
        Assert.Equal(ClaimResult.Again, await Claims.ClaimAsync(key, "a", Lease, Retention));
        Assert.Equal(ClaimResult.Held, await Claims.ClaimAsync(key, "b", Lease, Retention));
        Assert.Equal(1, _subject.Total("signal_streams.redis.claims", "status=first"));
        Assert.Equal(2, _subject.Total("signal_streams.redis.claims", "status=held"));
    }

    [Fact]
    public async Task When_a_lease_runs_out_another_owner_takes_the_key_Again_never_First()
    {
        var key = ClaimsUnderTest.NewKey("expiry");
        Assert.Equal(ClaimResult.First, await Claims.ClaimAsync(key, "a", TimeSpan.FromMilliseconds(300), Retention));

        var taken = ClaimResult.Held;
        await Eventually.UntilAsync(async () => (taken = await Claims.ClaimAsync(key, "b", Lease, Retention)) != ClaimResult.Held, "a's lease has run out");

        Assert.Equal(ClaimResult.Again, taken);
        Assert.Equal(ClaimResult.Held, await Claims.ClaimAsync(key, "a", Lease, Retention));
        var ttl = await _subject.Connection.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.True(ttl > Lease, $"the key outlives the lease for the retention (TTL {ttl})");
    }

    [Fact]
    public async Task Complete_makes_every_later_claim_Done_with_its_status_and_the_first_completion_stands()
    {
        var key = ClaimsUnderTest.NewKey("complete");
        Assert.Equal(ClaimResult.First, await Claims.ClaimAsync(key, "a", Lease, Retention));

        Assert.Equal(ClaimResult.Done("executed"), await Claims.CompleteAsync(key, "executed", Retention));

        Assert.Equal(ClaimResult.Done("executed"), await Claims.ClaimAsync(key, "a", Lease, Retention));
        Assert.Equal(ClaimResult.Done("executed"), await Claims.ClaimAsync(key, "b", Lease, Retention));
        Assert.Equal(ClaimResult.Done("executed"), await Claims.CompleteAsync(key, "failed", Retention));
        Assert.Equal(ClaimResult.Done("executed"), await Claims.ReleaseAsync(key, "a"));
        Assert.Equal("done|executed", (string?)await _subject.Connection.GetDatabase().StringGetAsync(key));
    }

    [Fact]
    public async Task Complete_marks_done_whoever_holds_the_key_and_a_key_nobody_claimed()
    {
        var held = ClaimsUnderTest.NewKey("complete-held");
        var unclaimed = ClaimsUnderTest.NewKey("complete-unclaimed");
        Assert.Equal(ClaimResult.First, await Claims.ClaimAsync(held, "a", Lease, Retention));

        Assert.Equal(ClaimResult.Done("completed"), await Claims.CompleteAsync(held, "completed", Retention));
        Assert.Equal(ClaimResult.Done("completed"), await Claims.CompleteAsync(unclaimed, "completed", Retention));

        Assert.Equal(ClaimResult.Done("completed"), await Claims.ClaimAsync(unclaimed, "b", Lease, Retention));
    }

    [Fact]
    public async Task Release_ends_the_owners_lease_at_once_and_the_next_claim_is_Again_because_an_attempt_existed()
    {
        var key = ClaimsUnderTest.NewKey("release");
        Assert.Equal(ClaimResult.First, await Claims.ClaimAsync(key, "a", Lease, Retention));

        Assert.Equal(ClaimResult.Held, await Claims.ReleaseAsync(key, "b"));
        Assert.Equal(ClaimResult.Held, await Claims.ClaimAsync(key, "b", Lease, Retention));
        Assert.Equal(ClaimResult.Again, await Claims.ReleaseAsync(key, "a"));

        Assert.Equal(ClaimResult.Again, await Claims.ClaimAsync(key, "b", Lease, Retention));
        Assert.Equal(ClaimResult.First, await Claims.ReleaseAsync(ClaimsUnderTest.NewKey("never-claimed"), "a"));
    }

    [Fact]
    public async Task Of_twenty_concurrent_claimers_on_five_connections_exactly_one_is_First_and_the_others_are_Held()
    {
        var subjects = Enumerable.Range(0, 4).Select(_ => new ClaimsUnderTest(redis)).Prepend(_subject).ToList();
        try
        {
            for (var round = 0; round < 10; round++)
            {
                var key = ClaimsUnderTest.NewKey("race");
                var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var claimers = Enumerable.Range(0, 20).Select(async i =>
                {
                    await start.Task;
                    return await subjects[i % subjects.Count].Claims.ClaimAsync(key, $"owner-{i}", Lease, Retention);
                }).ToList();
                start.SetResult();
                var answers = await Task.WhenAll(claimers);

                Assert.Single(answers, a => a == ClaimResult.First);
                Assert.Equal(19, answers.Count(a => a == ClaimResult.Held));
            }
        }
        finally
        {
            foreach (var other in subjects.Skip(1))
            {
                other.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_value_the_claims_did_not_write_reads_Held_and_is_left_alone()
    {
        var key = ClaimsUnderTest.NewKey("foreign");
        await _subject.Connection.GetDatabase().StringSetAsync(key, "something-else", TimeSpan.FromMinutes(1));

        Assert.Equal(ClaimResult.Held, await Claims.ClaimAsync(key, "a", Lease, Retention));
        Assert.Equal(ClaimResult.Held, await Claims.ReleaseAsync(key, "a"));
        Assert.Equal("something-else", (string?)await _subject.Connection.GetDatabase().StringGetAsync(key));
    }
}
