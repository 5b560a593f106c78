using System.Net;

namespace SmtpShield.Dns.Tests.Resolver;

/// <summary>What is not configured comes from resolv.conf; what is configured wins.</summary>
public sealed class StubResolverConfigurationTests : IDisposable
{
    private readonly string _resolvConf = Path.GetTempFileName();

    public StubResolverConfigurationTests()
    {
        File.WriteAllText(_resolvConf, "nameserver 192.0.2.53\nnameserver 2001:db8::53\noptions timeout:1 attempts:3\n");
    }

    [Fact]
    public void WithoutServers_ResolvConfSuppliesServersTimeoutAndAttempts()
    {
        var resolver = new DnsStubResolver(new DnsResolverOptions { ResolvConfPath = _resolvConf });

        Assert.Equal([new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53), new IPEndPoint(IPAddress.Parse("2001:db8::53"), 53)], resolver.Servers);
        Assert.Equal((TimeSpan.FromSeconds(1), 3), (resolver.Timeout, resolver.Attempts));
    }

    [Fact]
    public void ConfiguredTimeoutAndAttempts_OverrideResolvConf()
    {
        var resolver = new DnsStubResolver(new DnsResolverOptions { ResolvConfPath = _resolvConf, Timeout = TimeSpan.FromSeconds(2), Attempts = 1 });

        Assert.Equal(2, resolver.Servers.Count);
        Assert.Equal((TimeSpan.FromSeconds(2), 1), (resolver.Timeout, resolver.Attempts));
    }

    [Fact]
    public void ConfiguredServers_ReplaceResolvConfs_AndTakePorts()
    {
        var resolver = new DnsStubResolver(new DnsResolverOptions { ResolvConfPath = _resolvConf, Servers = { "127.0.0.1:5353", "[::1]:5300", "192.0.2.1" } });

        Assert.Equal(["127.0.0.1:5353", "[::1]:5300", "192.0.2.1:53"], resolver.Servers.Select(s => s.ToString()));
        Assert.Equal((TimeSpan.FromSeconds(1), 3), (resolver.Timeout, resolver.Attempts));
    }

    [Fact]
    public void WithoutResolvConf_TheDefaultsOfResolvConf5Apply()
    {
        var resolver = new DnsStubResolver(new DnsResolverOptions { ResolvConfPath = _resolvConf + ".missing" });

        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 53)], resolver.Servers);
        Assert.Equal((TimeSpan.FromSeconds(5), 2), (resolver.Timeout, resolver.Attempts));
    }

    public void Dispose() => File.Delete(_resolvConf);
}
