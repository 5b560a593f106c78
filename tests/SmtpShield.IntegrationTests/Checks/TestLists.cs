using System.Net;

namespace SmtpShield.IntegrationTests.Checks;

/// <summary>
/// The DNS block- and allowlists the check tests ask, served by rbldnsd exactly as real lists are. What
/// each zone says, by client (<see cref="TestClients"/> hands out addresses from the ranges):
/// <code>
/// zone         client                        A                        TXT
/// bl.test      127.0.0.2 (RFC 5782 test)     127.0.0.2                Listed by bl.test: see https://bl.test/&lt;client&gt;
/// bl.test      127.0.0.1 (RFC 5782 test)     NXDOMAIN: never listed
/// bl.test      127.1.0.0/16, 127.9.0.0/16    127.0.0.2                Listed by bl.test: see https://bl.test/&lt;client&gt;
/// bl.test      127.3.0.0/16                  127.255.255.254          an error code, never a listing
/// bl.test      127.4.0.0/16                  127.0.0.4 and 127.0.0.10 Listed with code 4 / code 10
/// bl.test      127.5.0.0/16                  127.0.0.3                Listed with code 3
/// bl.test      2001:db8:25::/48              127.0.0.2                Listed by bl.test: see https://bl.test/&lt;client&gt;
/// wl.test      127.0.0.2, 127.6.0.0/16,      127.0.10.2               Allowlisted by wl.test
///              127.9.0.0/16
/// broken.test  127.0.0.1, 127.0.0.2,         127.0.0.2                Listed by broken.test
///              127.7.0.0/16                  (lists 127.0.0.1: a list gone bad, listing everyone)
/// error.test   127.0.0.0/24                  127.255.255.254          every test entry answers an error code
/// empty.test   127.250.0.1 only              127.0.0.2                (does not list the test entry 127.0.0.2)
/// </code>
/// 127.2.0.0/16 is listed nowhere.
/// </summary>
internal static class TestLists
{
    public const string Blocklist = "bl.test";
    public const string Allowlist = "wl.test";
    public const string Broken = "broken.test";
    public const string ErrorCodes = "error.test";
    public const string Empty = "empty.test";

    public static string BlocklistText(IPAddress client) => $"Listed by bl.test: see https://bl.test/{client}";

    public static Task<Rbldnsd> StartAsync() => Rbldnsd.StartAsync(
        new RbldnsdDataset(Blocklist, "ip4set", """
            :127.0.0.2:Listed by bl.test: see https://bl.test/$
            127.0.0.2
            127.1.0.0/16
            127.9.0.0/16
            127.3.0.0/16 :127.255.255.254:Error: open resolver (an error code, not a listing)
            127.4.0.0/16 :127.0.0.4:Listed with code 4
            127.4.0.0/16 :127.0.0.10:Listed with code 10
            127.5.0.0/16 :127.0.0.3:Listed with code 3
            """),
        new RbldnsdDataset(Blocklist, "ip6trie", """
            :127.0.0.2:Listed by bl.test: see https://bl.test/$
            2001:db8:25::/48
            """),
        new RbldnsdDataset(Allowlist, "ip4set", """
            :127.0.10.2:Allowlisted by wl.test
            127.0.0.2
            127.6.0.0/16
            127.9.0.0/16
            """),
        new RbldnsdDataset(Broken, "ip4set", """
            :127.0.0.2:Listed by broken.test
            127.0.0.1
            127.0.0.2
            127.7.0.0/16
            """),
        new RbldnsdDataset(ErrorCodes, "ip4set", """
            :127.255.255.254:Error: open resolver
            127.0.0.0/24
            """),
        new RbldnsdDataset(Empty, "ip4set", """
            127.250.0.1
            """));
}

/// <summary>How the test lists (<see cref="TestLists"/>) see a client: the second octet of its address.</summary>
public enum Listing : byte
{
    Blocked = 1,
    Nowhere = 2,
    ErrorCode = 3,
    Codes4And10 = 4,
    Code3 = 5,
    Allowlisted = 6,
    BrokenZoneOnly = 7,
    BlockedAndAllowlisted = 9,
}

/// <summary>
/// Client addresses for the check tests: each call returns an address no other test of the run uses, so
/// per-name query counts, DNS caches and pass caches never mix between tests running side by side.
/// </summary>
internal static class TestClients
{
    private static int s_next;

    public static IPAddress Next(Listing listing)
    {
        int n = Interlocked.Increment(ref s_next);
        return new IPAddress([127, (byte)listing, (byte)(n / 250), (byte)((n % 250) + 1)]);
    }
}
