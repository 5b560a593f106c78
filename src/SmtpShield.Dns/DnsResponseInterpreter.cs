using SmtpShield.Dns.Wire;

namespace SmtpShield.Dns;

/// <summary>
/// Turns a decoded response to our question into a <see cref="DnsResult"/>: RCODE to status, CNAME chains
/// followed to the records asked for, and the TTL a negative answer may be cached for (RFC 2308 §5). Pure.
/// </summary>
internal static class DnsResponseInterpreter
{
    public static DnsResult Interpret(DnsMessage message, DnsQuestion question)
    {
        switch (message.Header.ResponseCode)
        {
            case DnsResponseCode.NoError:
            case DnsResponseCode.NameError:
                break;
            case DnsResponseCode.ServerFailure:
                return DnsResult.TempError(DnsError.ServerFailure);
            case DnsResponseCode.Refused:
                return DnsResult.PermError(DnsError.Refused);
            case DnsResponseCode.FormatError:
                return DnsResult.PermError(DnsError.FormatError);
            case DnsResponseCode.NotImplemented:
                return DnsResult.PermError(DnsError.NotImplemented);
            default:
                return DnsResult.PermError(DnsError.UnexpectedResponseCode);
        }

        // RFC 1034 §3.6.2 / RFC 2308 §2.1: a response may carry the CNAME chain from the name asked to the
        // name that has (or lacks) the records; the RCODE describes the last name in the chain.
        string current = question.Name;
        TimeSpan chainTtl = TimeSpan.MaxValue;
        for (int hops = 0; hops <= DnsLimits.MaxCnameChain; hops++)
        {
            if (message.Header.ResponseCode == DnsResponseCode.NoError)
            {
                List<DnsRecord> found = RecordsAt(message.Answers, current, question.Type);
                if (found.Count > 0)
                {
                    TimeSpan ttl = found.Min(r => r.Ttl);
                    return DnsResult.Found(found, ttl < chainTtl ? ttl : chainTtl);
                }
            }

            DnsCnameRecord? alias = question.Type == DnsRecordType.CNAME ? null : CnameAt(message.Answers, current);
            if (alias is null)
            {
                TimeSpan? negativeTtl = NegativeTtl(message, chainTtl);
                return message.Header.ResponseCode == DnsResponseCode.NameError
                    ? DnsResult.NameNotFound(negativeTtl)
                    : DnsResult.NoData(negativeTtl);
            }

            chainTtl = alias.Ttl < chainTtl ? alias.Ttl : chainTtl;
            current = alias.Target;
        }

        return DnsResult.PermError(DnsError.CnameChainTooLong);
    }

    private static List<DnsRecord> RecordsAt(List<DnsRecord> answers, string name, DnsRecordType type)
    {
        var found = new List<DnsRecord>();
        foreach (DnsRecord record in answers)
        {
            if (record.Type == type && DnsName.EqualsIgnoreCase(record.Name, name))
            {
                found.Add(record);
            }
        }

        return found;
    }

    private static DnsCnameRecord? CnameAt(List<DnsRecord> answers, string name)
    {
        foreach (DnsRecord record in answers)
        {
            if (record is DnsCnameRecord alias && DnsName.EqualsIgnoreCase(alias.Name, name))
            {
                return alias;
            }
        }

        return null;
    }

    // RFC 2308 §5: the negative TTL is min(TTL of the SOA in the authority section, SOA MINIMUM); without an
    // SOA the response says nothing and the cache decides (RFC 2308 §5 advises not caching it at all). A CNAME
    // on the way may expire sooner than the negative answer at its end.
    private static TimeSpan? NegativeTtl(DnsMessage message, TimeSpan chainTtl)
    {
        foreach (DnsRecord record in message.Authority)
        {
            if (record is DnsSoaRecord soa)
            {
                return soa.NegativeTtl < chainTtl ? soa.NegativeTtl : chainTtl;
            }
        }

        return null;
    }
}
