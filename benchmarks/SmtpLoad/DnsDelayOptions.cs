using System.Net;

namespace SmtpLoad;

/// <summary>What the dns-delay relay does: listen here, hold each query this long, then ask the upstream server.</summary>
internal sealed record DnsDelayOptions(IPEndPoint Listen, IPEndPoint Upstream, TimeSpan Delay, TimeSpan Timeout);
