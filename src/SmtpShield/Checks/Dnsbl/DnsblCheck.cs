using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SmtpShield.Dns;

namespace SmtpShield.Checks.Dnsbl;

/// <summary>
/// Asks every healthy zone about the client in parallel (RFC 5782 §2: reversed octets or nibbles under the
/// zone) and sums the weights of the entries whose filters match. Answers outside 127.0.0.0/8, and
/// Spamhaus' 127.255.255.x error codes, are errors and never listings: misconfigured resolvers turned
/// them into mass false positives in real outages.
/// </summary>
internal sealed class DnsblCheck(DnsblZones zones, IDnsResolver resolver, IOptions<DnsblOptions> options) : ISessionCheck
{
    public const string CheckName = "dnsbl";

    private readonly DnsblOptions _options = options.Value;

    public string Name => CheckName;

    public CheckStage Stage => CheckStage.Connect;

    public bool IsEnabled => zones.All.Count > 0;

    public async ValueTask<CheckResult> RunAsync(CheckSubject subject, CancellationToken cancellationToken)
    {
        DnsblZone[] active = [.. zones.All.Where(z => z.IsHealthy)];
        ZoneAnswer[] answers = await Task.WhenAll(active.Select(zone => AskAsync(zone, subject.Client, cancellationToken)));
        int total = answers.Sum(a => a.Weight);
        // Not Array.Find: on a struct array it returns default, which would read as "an error".
        ZoneAnswer? error = answers.Where(a => a.Error is not null).Select(a => (ZoneAnswer?)a).FirstOrDefault();
        CheckResult result;
        // Allowlisting needs someone to vouch: a total of 0 from nobody's answer is not a DNSWL hit.
        if (total <= _options.AllowlistThreshold && answers.Any(a => a.Weight < 0))
        {
            ZoneAnswer vouching = answers.Where(a => a.Weight < 0).MinBy(a => a.Weight);
            result = new CheckResult(CheckName, CheckOutcome.Allowlisted, total, $"allowlisted by {vouching.Zone}");
        }
        else if (total >= _options.Threshold)
        {
            ZoneAnswer listing = answers.Where(a => a.Weight > 0).MaxBy(a => a.Weight);
            string reason = $"blocked using {listing.Zone}" + (string.IsNullOrWhiteSpace(listing.Text) ? string.Empty : $"; {listing.Text}");
            result = new CheckResult(CheckName, CheckOutcome.Fail, total, reason);
        }
        else if (error is { } failed)
        {
            result = new CheckResult(CheckName, CheckOutcome.TemporaryFailure, total, $"{failed.Zone}: {failed.Error}");
        }
        else
        {
            string? reason = total > 0 ? $"listed by {string.Join(", ", answers.Where(a => a.Weight > 0).Select(a => a.Zone))}" : null;
            result = new CheckResult(CheckName, CheckOutcome.Pass, total, reason);
        }

        return result with { Action = _options.Action };
    }

    /// <summary>The zone's verdict on one address, for the health probe and <c>explain</c> too.</summary>
    public async Task<ZoneAnswer> AskAsync(DnsblZone zone, IPAddress client, CancellationToken cancellationToken)
    {
        string name = ReverseName.For(client, zone.Name);
        DnsResult answer = await resolver.QueryAsync(name, DnsRecordType.A, cancellationToken);
        switch (answer.Status)
        {
            case DnsStatus.NameNotFound or DnsStatus.NoData:
                return new ZoneAnswer(zone.Name, Listed: false, 0, null, null);
            case DnsStatus.TempError or DnsStatus.PermError:
                return new ZoneAnswer(zone.Name, Listed: false, 0, null, $"lookup failed ({answer.Error})");
        }

        IPAddress[] codes = [.. answer.Records.OfType<DnsAddressRecord>().Select(r => r.Address)];
        if (Array.Find(codes, code => !IsListingCode(code)) is { } bad)
        {
            return new ZoneAnswer(zone.Name, Listed: false, 0, null, $"answered {bad}, an error code, not a listing");
        }

        int weight = zone.Sites.Where(site => codes.Any(site.Matches)).Sum(site => site.Weight);
        if (weight <= 0 || !_options.QueryTxt)
        {
            return new ZoneAnswer(zone.Name, Listed: true, weight, null, null);
        }

        // RFC 5782 §2.1: the TXT record at the same name explains the listing; quote it in the reject.
        DnsLookup<string> text = await resolver.ResolveTxtAsync(name, cancellationToken);
        return new ZoneAnswer(zone.Name, Listed: true, weight, text.Status == DnsStatus.Found ? text.Values[0] : null, null);
    }

    /// <summary>RFC 5782 §2.1: listings are A records in 127.0.0.0/8; 127.255.255.0/24 carries Spamhaus' error codes.</summary>
    public static bool IsListingCode(IPAddress code)
    {
        if (code.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        Span<byte> octets = stackalloc byte[4];
        code.TryWriteBytes(octets, out _);
        return octets[0] == 127 && !(octets[1] == 255 && octets[2] == 255);
    }
}
