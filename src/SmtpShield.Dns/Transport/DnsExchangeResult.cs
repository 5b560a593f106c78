using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Transport;

/// <summary>The outcome of an exchange; <see cref="Message"/> is set for Response.</summary>
internal readonly record struct DnsExchangeResult(DnsExchangeStatus Status, DnsMessage? Message = null);
