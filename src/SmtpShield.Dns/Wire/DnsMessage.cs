namespace SmtpShield.Dns.Wire;

/// <summary>
/// A decoded response: header, question and the records of each section that this resolver understands
/// (class IN, types in <see cref="DnsRecordType"/>); everything else was bounds-checked and skipped.
/// A message with TC set carries only header and question: its sections are incomplete by definition.
/// </summary>
internal sealed class DnsMessage
{
    public DnsHeader Header { get; set; }

    /// <summary>Null when decoding stopped before the question was read.</summary>
    public DnsQuestion? Question { get; set; }

    public List<DnsRecord> Answers { get; } = [];

    public List<DnsRecord> Authority { get; } = [];

    public List<DnsRecord> Additional { get; } = [];
}
