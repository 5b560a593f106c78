using SmtpShield.Protocol;

namespace SmtpShield.Relay;

/// <summary>
/// A backend connection after its greeting: ready for MAIL (handoff), or ready to be spliced (fast path).
/// <see cref="Banner"/> is the 220 the client must see in the fast path when SmtpShield had to read the
/// backend's own banner first (XCLIENT, STARTTLS); null when the backend's banner is still unread.
/// </summary>
internal sealed record BackendGreeting(BackendConnection Connection, BackendCapabilities? Capabilities, ParsedReply? Banner);
