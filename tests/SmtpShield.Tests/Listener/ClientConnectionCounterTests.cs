using System.Net;
using System.Threading.RateLimiting;
using SmtpShield.Blocklist;
using SmtpShield.Listener;

namespace SmtpShield.Tests.Listener;

/// <summary>The per-client connection count: bounded, released once per lease, and forgotten at zero.</summary>
public sealed class ClientConnectionCounterTests
{
    private static readonly NetworkKey s_client = NetworkKey.ForAddress(IPAddress.Parse("192.0.2.7"));
    private static readonly NetworkKey s_other = NetworkKey.ForAddress(IPAddress.Parse("192.0.2.8"));

    [Fact]
    public void ClientWithNoConnectionLeft_IsForgotten()
    {
        var counter = new ClientConnectionCounter(3);
        RateLimitLease first = counter.TryEnter(s_client)!;
        RateLimitLease second = counter.TryEnter(s_client)!;
        RateLimitLease other = counter.TryEnter(s_other)!;
        Assert.Equal(2, counter.Clients);

        first.Dispose();
        second.Dispose();

        Assert.Equal(1, counter.Clients);
        other.Dispose();
        Assert.Equal(0, counter.Clients);
    }

    [Fact]
    public void LeaseDisposedTwice_GivesBackOneConnection()
    {
        var counter = new ClientConnectionCounter(2);
        RateLimitLease first = counter.TryEnter(s_client)!;
        RateLimitLease second = counter.TryEnter(s_client)!;

        first.Dispose();
        first.Dispose();

        Assert.NotNull(counter.TryEnter(s_client));
        Assert.Null(counter.TryEnter(s_client));
        second.Dispose();
    }

    [Fact]
    public async Task ConcurrentEntersAndExits_NeverExceedTheLimit_AndEndAtZero()
    {
        const int limit = 4;
        var counter = new ClientConnectionCounter(limit);
        int open = 0;
        int highest = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                if (counter.TryEnter(s_client) is { } lease)
                {
                    int now = Interlocked.Increment(ref open);
                    InterlockedMax(ref highest, now);
                    Interlocked.Decrement(ref open);
                    lease.Dispose();
                }
            }
        })));

        Assert.InRange(highest, 1, limit);
        Assert.Equal(0, counter.Clients);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen = Volatile.Read(ref target);
        while (value > seen)
        {
            int previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
