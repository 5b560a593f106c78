using System.Globalization;
using System.Net;

namespace SmtpShield.Dns;

/// <summary>
/// The parts of resolv.conf(5) a stub resolver uses: "nameserver" lines and "options timeout:N attempts:N".
/// Everything else (search, domain, ndots, sortlist, other options) is ignored; so are malformed lines,
/// as the C library does.
/// </summary>
public sealed class ResolvConf
{
    public const string DefaultPath = "/etc/resolv.conf";

    // resolv.conf(5): at most MAXNS (3) name servers are used; timeout defaults to RES_TIMEOUT (5 s) and is
    // capped at 30; attempts defaults to RES_DFLRETRY (2) and is capped at 5; with no nameserver line the
    // name server on the local machine is used.
    public const int MaxServers = 3;
    public const int DefaultAttempts = 2;
    public const int MaxAttempts = 5;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(30);

    private ResolvConf(IReadOnlyList<IPEndPoint> servers, TimeSpan timeout, int attempts)
    {
        Servers = servers;
        Timeout = timeout;
        Attempts = attempts;
    }

    public IReadOnlyList<IPEndPoint> Servers { get; }

    public TimeSpan Timeout { get; }

    public int Attempts { get; }

    /// <summary>The configuration a system without resolv.conf gets.</summary>
    public static ResolvConf Default { get; } = new([new IPEndPoint(IPAddress.Loopback, DnsServerAddress.DefaultPort)], DefaultTimeout, DefaultAttempts);

    /// <summary>Reads <paramref name="path"/>; a missing file means <see cref="Default"/>, as for the C library.</summary>
    public static ResolvConf Load(string path = DefaultPath)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Default;
        }
    }

    public static ResolvConf Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var servers = new List<IPEndPoint>();
        TimeSpan timeout = DefaultTimeout;
        int attempts = DefaultAttempts;
        foreach (string rawLine in text.Split('\n'))
        {
            // resolv.conf(5): "#" or ";" in the first column starts a comment; keywords and values are
            // separated by spaces or tabs.
            string[] words = rawLine.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2 || words[0][0] is '#' or ';')
            {
                continue;
            }

            if (words[0] == "nameserver" && servers.Count < MaxServers && IPAddress.TryParse(words[1], out IPAddress? address))
            {
                servers.Add(new IPEndPoint(address, DnsServerAddress.DefaultPort));
            }
            else if (words[0] == "options")
            {
                foreach (string option in words.AsSpan(1))
                {
                    if (TryReadOption(option, "timeout:", out int seconds))
                    {
                        timeout = TimeSpan.FromSeconds(Math.Clamp(seconds, 1, (int)MaxTimeout.TotalSeconds));
                    }
                    else if (TryReadOption(option, "attempts:", out int count))
                    {
                        attempts = Math.Clamp(count, 1, MaxAttempts);
                    }
                }
            }
        }

        return new ResolvConf(servers.Count > 0 ? servers : Default.Servers, timeout, attempts);
    }

    private static bool TryReadOption(string option, string prefix, out int value)
    {
        value = 0;
        return option.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(option.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
