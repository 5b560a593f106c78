namespace SmtpShield.Checks.Protocol;

/// <summary>What the dialogue showed; each kind is counted once per session.</summary>
[Flags]
internal enum ProtocolFinding : byte
{
    None = 0,
    Pregreet = 1,
    Pipelining = 2,
    NonSmtpCommand = 4,
    BareNewline = 8,
    UnknownCommands = 16,
}
