namespace SmtpShield.Dns.Tests.Wire;

/// <summary>
/// Responses captured from dnsmasq 2.90 (the servers in <see cref="Servers.DnsServers"/>), one line per
/// header, question and record (RFC 1035 §4.1).
/// </summary>
internal static class GoldenResponses
{
    /// <summary>zone.test MX, authoritative: two MX with compressed owners, an NS (skipped), the OPT record.</summary>
    public static byte[] Mx => Hex.Bytes("""
        0800 8500 0001 0002 0001 0001
        047a6f6e65047465737400 000f 0001
        c00c 000f 0001 00000078 0011 0005 036d7832047a6f6e65047465737400
        c00c 000f 0001 00000078 0011 000a 036d7831047a6f6e65047465737400
        047a6f6e65047465737400 0002 0001 00000078 000e 026e73047a6f6e65047465737400
        00 0029 04d0 00000000 0000
        """);

    /// <summary>nope.zone.test A: NXDOMAIN with the zone's SOA (TTL 120, MINIMUM 120) in the authority section.</summary>
    public static byte[] NxDomainWithSoa => Hex.Bytes("""
        5316 8503 0001 0000 0001 0001
        046e6f7065047a6f6e650474657374 00 0001 0001
        047a6f6e65047465737400 0006 0001 00000078 0038 026e73047a6f6e65047465737400 0a686f73746d6173746572047a6f6e65047465737400 00000001 000004b0 00000078 00093a80 00000078
        00 0029 04d0 00000000 0000
        """);

    /// <summary>multi.zone.test TXT: one record of two character-strings, "part one " and "part two".</summary>
    public static byte[] MultiStringTxt => Hex.Bytes("""
        b50f 8500 0001 0001 0001 0001
        056d756c7469047a6f6e650474657374 00 0010 0001
        c00c 0010 0001 00000078 0013 09 70617274206f6e6520 08 706172742074776f
        047a6f6e65047465737400 0002 0001 00000078 000e 026e73047a6f6e65047465737400
        00 0029 04d0 00000000 0000
        """);

    /// <summary>alias2.plain.test A: the chain alias2 → alias → host, then host's A record, all compressed.</summary>
    public static byte[] CnameChain => Hex.Bytes("""
        a8a3 8580 0001 0003 0000 0001
        06616c6961733205706c61696e0474657374 00 0001 0001
        c00c 0005 0001 0000003c 0012 05616c69617305706c61696e047465737400
        c02f 0005 0001 0000003c 0011 04686f737405706c61696e047465737400
        c04d 0001 0001 0000003c 0004 c000020a
        00 0029 04d0 00000000 0000
        """);

    /// <summary>The PTR of 2001:db8::10 under ip6.arpa: 34 labels in the question.</summary>
    public static byte[] Ipv6Ptr => Hex.Bytes("""
        87fd 8500 0001 0001 0001 0001
        0130013101300130013001300130013001300130013001300130013001300130013001300130013001300130013001300138016201640130013101300130013203697036046172706100 000c 0001
        c00c 000c 0001 00000078 0010 04686f7374047a6f6e65047465737400
        0130013001300130013001300130013001380162016401300131013001300132036970360461727061 00 0002 0001 00000078 000e 026e73047a6f6e65047465737400
        00 0029 04d0 00000000 0000
        """);

    /// <summary>x.other A: REFUSED, with an extended DNS error (RFC 8914) inside the OPT record.</summary>
    public static byte[] RefusedWithExtendedError => Hex.Bytes("""
        2cec 8185 0001 0000 0000 0001
        0178056f74686572 00 0001 0001
        00 0029 04d0 00000000 0006 000f 0002 000e
        """);

    /// <summary>big.zone.test TXT over UDP: TC set and nothing but the question.</summary>
    public static byte[] Truncated => Hex.Bytes("""
        49b0 8700 0001 0000 0000 0001
        03626967047a6f6e650474657374 00 0010 0001
        00 0029 04d0 00000000 0000
        """);

    public static IEnumerable<byte[]> All =>
        [Mx, NxDomainWithSoa, MultiStringTxt, CnameChain, Ipv6Ptr, RefusedWithExtendedError, Truncated];

    public static TheoryData<string> Names => new(nameof(Mx), nameof(NxDomainWithSoa), nameof(MultiStringTxt), nameof(CnameChain), nameof(Ipv6Ptr), nameof(RefusedWithExtendedError));

    public static byte[] ByName(string name) => name switch
    {
        nameof(Mx) => Mx,
        nameof(NxDomainWithSoa) => NxDomainWithSoa,
        nameof(MultiStringTxt) => MultiStringTxt,
        nameof(CnameChain) => CnameChain,
        nameof(Ipv6Ptr) => Ipv6Ptr,
        nameof(RefusedWithExtendedError) => RefusedWithExtendedError,
        _ => Truncated,
    };
}
