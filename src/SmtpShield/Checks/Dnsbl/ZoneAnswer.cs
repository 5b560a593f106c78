namespace SmtpShield.Checks.Dnsbl;

/// <summary>
/// One zone's answer about one client: whether it lists the address at all (any 127/8 listing code),
/// the weight of the configured entries whose filters match, the TXT reason, or an error.
/// </summary>
internal readonly record struct ZoneAnswer(string Zone, bool Listed, int Weight, string? Text, string? Error);
