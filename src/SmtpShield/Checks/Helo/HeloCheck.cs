using System.Net;
using Microsoft.Extensions.Options;
using SmtpShield.Checks.ReverseDns;
using SmtpShield.Hosting;
using SmtpShield.Listener;
using SmtpShield.Protocol;

namespace SmtpShield.Checks.Helo;

/// <summary>
/// Judges the HELO/EHLO name: a valid FQDN or an address literal that is the client's own; not a bare
/// IP, not a single label, not our own name or address; ideally the client's verified reverse name.
/// </summary>
internal sealed class HeloCheck(IOptions<HeloOptions> options, IOptions<ServerOptions> server) : ISessionCheck
{
    public const string CheckName = "helo";

    private readonly HeloOptions _options = options.Value;
    private readonly string _ourName = server.Value.ResolveHostname().TrimEnd('.');

    public string Name => CheckName;

    public CheckStage Stage => CheckStage.Helo;

    public bool IsEnabled => _options.Enabled;

    public async ValueTask<CheckResult> RunAsync(CheckSubject subject, CancellationToken cancellationToken)
    {
        string helo = (subject.Helo ?? string.Empty).Split(' ', 2)[0];
        (double score, string? reason) = subject.HeloKind switch
        {
            HeloArgumentKind.AddressLiteral => JudgeLiteral(helo, subject),
            HeloArgumentKind.Domain => await JudgeDomainAsync(helo, subject, cancellationToken),
            _ => IPAddress.TryParse(helo, out _)
                ? (_options.BareAddressScore, $"EHLO {helo} is a bare IP address")
                : (_options.InvalidScore, $"EHLO {helo} is not a valid host name"),
        };
        return new CheckResult(CheckName, CheckOutcome.Pass, score, reason, _options.Action);
    }

    private (double, string?) JudgeLiteral(string helo, CheckSubject subject)
    {
        string inner = helo.Trim('[', ']');
        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            inner = inner[5..];
        }

        if (!IPAddress.TryParse(inner, out IPAddress? literal))
        {
            return (0, null); // a general address literal: nothing to compare
        }

        literal = ClientAddress.Normalize(literal);
        if (literal.Equals(ClientAddress.Normalize(subject.Client)))
        {
            return (0, null);
        }

        return literal.Equals(ClientAddress.Normalize(subject.Local.Address))
            ? (_options.OwnNameScore, $"EHLO {helo} is our own address")
            : (_options.LiteralMismatchScore, $"EHLO {helo} is not the client's address");
    }

    private async ValueTask<(double, string?)> JudgeDomainAsync(string helo, CheckSubject subject, CancellationToken cancellationToken)
    {
        string name = helo.TrimEnd('.');
        if (name.Equals(_ourName, StringComparison.OrdinalIgnoreCase))
        {
            return (_options.OwnNameScore, $"EHLO {helo} is our own name");
        }

        if (!name.Contains('.', StringComparison.Ordinal))
        {
            return (_options.SingleLabelScore, $"EHLO {helo} is not a fully qualified name");
        }

        if (subject.ReverseDns is null)
        {
            return (0, null);
        }

        ReverseDnsResult rdns = await subject.ReverseDns.WaitAsync(cancellationToken);
        return rdns.VerifiedName is { } verified && !verified.Equals(name, StringComparison.OrdinalIgnoreCase)
            ? (_options.ReverseDnsMismatchScore, $"EHLO {helo} differs from the verified reverse name {verified}")
            : (0, null);
    }
}
