using System.Net;

namespace SmtpShield.Dns.Tests.Servers;

/// <summary>
/// The real name servers the resolver tests talk to, started once for the "dnsmasq" collection:
/// <list type="bullet">
/// <item><see cref="Authoritative"/>: dnsmasq authoritative for zone.test on 127.0.0.1 (dnsmasq answers
/// authoritatively only on an address of an interface), so negative answers carry the zone's SOA.</item>
/// <item><see cref="Local"/>: dnsmasq answering plain.test from local data (--local): CNAME chains, and
/// NXDOMAIN/NODATA without SOA.</item>
/// <item><see cref="SlowUpstream"/>: a scripted server that answers every A question after 300 ms; <see cref="Local"/>
/// forwards slow.test to it, so a question to dnsmasq stays in flight long enough to pile callers behind it.</item>
/// <item><see cref="Validating"/>: a DNSSEC-validating dnsmasq forwarding to <see cref="Authoritative"/>,
/// which refuses the DS queries validation needs, so every answer is SERVFAIL.</item>
/// </list>
/// </summary>
public sealed class DnsServers : IDisposable
{
    // 1600 octets of TXT: over the 1232 we advertise, so the UDP answer is truncated and TCP is needed.
    public static readonly string[] BigTxt = [.. Enumerable.Range(0, 8).Select(i => new string((char)('a' + i), 200))];

    public const string BlocklistReason = "listed: see https://bl.zone.test/127.0.0.2";

    // The DS of the root zone's KSK-2017; any anchor would do, as validation fails before it is used.
    private const string RootTrustAnchor = ".,20326,8,2,E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D";

    public DnsServers()
    {
        Authoritative = Dnsmasq.Start(
            IPAddress.Loopback,
            "--auth-server=ns.zone.test,127.0.0.1",
            // With subnets listed, dnsmasq serves only A/AAAA records inside them: 127/8 is for the DNSBL entries.
            "--auth-zone=zone.test,192.0.2.0/24,2001:db8::/64,127.0.0.0/8",
            "--auth-ttl=120",
            "--auth-soa=2025010101,hostmaster.zone.test,1200,120,604800",
            "--host-record=host.zone.test,192.0.2.10,2001:db8::10",
            "--host-record=v4only.zone.test,192.0.2.11",
            "--host-record=coalesced.zone.test,192.0.2.12",
            "--host-record=2.0.0.127.bl.zone.test,127.0.0.2",
            // On the command line dnsmasq takes TXT strings unquoted, separated by commas.
            $"--txt-record=2.0.0.127.bl.zone.test,{BlocklistReason}",
            "--mx-host=zone.test,mx1.zone.test,10",
            "--mx-host=zone.test,mx2.zone.test,5",
            "--mx-host=zone.test,mx0.zone.test,10",
            "--txt-record=zone.test,v=spf1 -all",
            "--txt-record=multi.zone.test,part one ,part two",
            $"--txt-record=big.zone.test,{string.Join(',', BigTxt)}");
        try
        {
            SlowUpstream = new ScriptedUdpServer(query =>
            [
                new ScriptedReply(query.Respond().Answer(new DnsAddressRecord(query.Question.Name, TimeSpan.FromSeconds(60), IPAddress.Parse("192.0.2.99"))).Build())
                {
                    Delay = SlowUpstreamDelay,
                },
            ]);
            Local = Dnsmasq.Start(
                Loopback.RandomAddress(),
                $"--server=/slow.test/{SlowUpstream.EndPoint.Address}#{SlowUpstream.EndPoint.Port}",
                "--local=/plain.test/",
                "--local-ttl=60",
                "--host-record=host.plain.test,192.0.2.20,2001:db8::20",
                "--cname=alias.plain.test,host.plain.test",
                "--cname=alias2.plain.test,alias.plain.test");
            Validating = Dnsmasq.Start(
                Loopback.RandomAddress(),
                "--dnssec",
                $"--trust-anchor={RootTrustAnchor}",
                $"--server={Authoritative.EndPoint.Address}#{Authoritative.EndPoint.Port}");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    internal Dnsmasq Authoritative { get; }

    internal Dnsmasq Local { get; } = null!;

    internal Dnsmasq Validating { get; } = null!;

    internal ScriptedUdpServer SlowUpstream { get; } = null!;

    public static TimeSpan SlowUpstreamDelay => TimeSpan.FromMilliseconds(300);

    public void Dispose()
    {
        Validating?.Dispose();
        Local?.Dispose();
        SlowUpstream?.Dispose();
        Authoritative?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DnsmasqCollection : ICollectionFixture<DnsServers>
{
    public const string Name = "dnsmasq";
}
