using System.Globalization;
using System.Net;
using System.Text;
using SmtpShield.Listener;

namespace SmtpShield.Relay;

/// <summary>
/// The Received: line SmtpShield adds where the backend cannot learn the client (Identity "none";
/// shared/INTEGRATION.md §1.5), in RFC 5321 §4.4 form, e.g.
/// "Received: from mx.example (mx.example [192.0.2.7]) by shield.example (SmtpShield) with ESMTPS id 1a2b; date".
/// </summary>
internal static class TraceHeader
{
    public static byte[] Build(string? helo, string? verifiedName, IPAddress client, string hostname, bool esmtp, bool tls, string sessionId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(client);
        IPAddress plain = ClientAddress.Normalize(client);
        string address = plain.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6:" + plain : plain.ToString();
        string protocol = (esmtp ? "ESMTP" : "SMTP") + (tls ? "S" : string.Empty);
        string date = now.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
            + now.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", string.Empty, StringComparison.Ordinal);
        string header = $"Received: from {Clean(helo) ?? "unknown"} ({Clean(verifiedName) ?? "unknown"} [{address}])\r\n"
            + $"\tby {hostname} (SmtpShield) with {protocol} id {sessionId};\r\n"
            + $"\t{date}\r\n";
        return Encoding.UTF8.GetBytes(header);
    }

    // The HELO is the client's word: printable, no spaces or parentheses that would break the clause, bounded.
    private static string? Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var clean = new StringBuilder(Math.Min(text.Length, 255));
        foreach (char c in text.AsSpan(0, Math.Min(text.Length, 255)))
        {
            clean.Append(c is > ' ' and < (char)127 and not '(' and not ')' and not '\\' ? c : '?');
        }

        return clean.ToString();
    }
}
