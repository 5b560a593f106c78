using System.Globalization;
using System.Net.Sockets;
using System.Text;
using SmtpShield.Listener;
using SmtpShield.Protocol;

namespace SmtpShield.Relay.Identity;

/// <summary>
/// Postfix's XCLIENT command (XCLIENT_README; shared/INTEGRATION.md §1.1): one command, only the
/// attributes the backend advertised, every value xtext-encoded, never LOGIN (it would mark the session
/// SASL-authenticated and open relaying).
/// </summary>
internal static class XclientCommand
{
    // Postfix reads commands up to line_length_limit, but the XCLIENT README asks proxies to stay
    // within 512; HELO is dropped first if the line would be longer (the EHLO that follows sets it).
    private const int MaxLineLength = 512;

    // Postfix refuses a longer HELO value with 501 (smtpd.c xclient_cmd).
    private const int MaxHeloLength = 255;

    /// <summary>
    /// The command line with CRLF, or null when the backend does not take NAME and ADDR: without ADDR it
    /// cannot learn the client, and without NAME it keeps SmtpShield's name ("localhost") for it.
    /// </summary>
    public static string? Build(ClientIdentity identity, IReadOnlySet<string> advertised)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(advertised);
        if (!advertised.Contains("ADDR") || !advertised.Contains("NAME"))
        {
            return null;
        }

        var attributes = new List<(string Name, string Value)>();
        void Add(string name, string? value)
        {
            if (value is not null && advertised.Contains(name))
            {
                attributes.Add((name, value));
            }
        }

        // Omitting NAME would keep the proxy's own name ("localhost") for the real client.
        Add("NAME", identity.Name);
        Add("ADDR", AddressValue(identity.Client.Address));
        Add("PORT", identity.Client.Port.ToString(CultureInfo.InvariantCulture));
        Add("HELO", identity.Helo is { Length: <= MaxHeloLength } ? identity.Helo : null);
        Add("PROTO", identity.Helo is null ? null : identity.Esmtp ? "ESMTP" : "SMTP");
        Add("REVERSE_NAME", identity.ReverseName);
        Add("DESTADDR", AddressValue(identity.Local.Address));
        Add("DESTPORT", identity.Local.Port.ToString(CultureInfo.InvariantCulture));

        string line = Format(attributes);
        if (line.Length > MaxLineLength)
        {
            attributes.RemoveAll(a => a.Name is "HELO" or "REVERSE_NAME");
            line = Format(attributes);
        }

        return line;
    }

    private static string Format(List<(string Name, string Value)> attributes)
    {
        var line = new StringBuilder("XCLIENT");
        foreach ((string name, string value) in attributes)
        {
            line.Append(' ').Append(name).Append('=').Append(Xtext.Encode(value));
        }

        return line.Append("\r\n").ToString();
    }

    private static string AddressValue(System.Net.IPAddress address)
    {
        System.Net.IPAddress plain = ClientAddress.Normalize(address);
        return plain.AddressFamily == AddressFamily.InterNetworkV6 ? "IPV6:" + plain : plain.ToString();
    }
}
