namespace SmtpShield.Dns.Wire;

/// <summary>Every limit the codec enforces, with where it comes from.</summary>
internal static class DnsLimits
{
    // RFC 1035 §4.1.1: the header is 12 octets.
    public const int HeaderLength = 12;

    // RFC 1035 §2.3.4: labels are 63 octets or less (the two top bits of a length octet mark pointers).
    public const int MaxLabelLength = 63;

    // RFC 1035 §2.3.4: names are 255 octets or less on the wire, length octets and the root label included,
    // which is 253 characters in presentation form without escapes or the trailing dot.
    public const int MaxNameWireLength = 255;

    // RFC 1035 §4.2.2: a TCP message has a 2-octet length prefix, so no message exceeds 65535 octets;
    // RFC 6891 §6.2.3 caps the EDNS0 UDP payload at the same value.
    public const int MaxMessageLength = 65535;

    // DNS flag day 2020 (dnsflagday.net/2020): advertise 1232 octets, which fits the IPv6 minimum MTU of
    // 1280 without fragmentation; anything larger comes back with TC set and is asked again over TCP.
    public const ushort UdpPayloadSize = 1232;

    // Not in any RFC: a compressed name chains at most a few pointers in practice, and since every pointer
    // must point before the segment that holds it (see DnsName.TryRead) a loop is impossible anyway; the cap
    // bounds the work one hostile name can cause.
    public const int MaxPointerJumps = 32;

    // RFC 1034 §3.6.2 asks resolvers to follow CNAME chains but bounds none; BIND stops after 16 hops.
    public const int MaxCnameChain = 16;

    // RFC 1035 §4.1.2/§4.1.3: the smallest question is the root name (1 octet) + type + class; the smallest
    // resource record is the root name + type + class + TTL + RDLENGTH. Counts that cannot fit are an error.
    public const int MinQuestionLength = 1 + 4;
    public const int MinRecordLength = 1 + 10;
}
