using System.Net;
using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns.Transport;

/// <summary>One query sent to one server: what a transport needs to send it and to recognise its response.</summary>
internal sealed record DnsExchange(IPEndPoint Server, ReadOnlyMemory<byte> Query, ushort Id, DnsQuestion Question, TimeSpan Timeout);
