using System.Buffers.Binary;

namespace SmtpShield.Dns.Wire;

/// <summary>
/// Decodes a response (RFC 1035 §4.1). Never throws and never reads outside the input: every failure is a
/// <see cref="DnsDecodeStatus"/>. <paramref name="message"/> always comes back with as much as was read
/// (header, then question), so a transport can tell a malformed response to its own question from noise.
/// </summary>
internal static class DnsMessageDecoder
{
    public static DnsDecodeStatus Decode(ReadOnlySpan<byte> input, out DnsMessage message)
    {
        message = new DnsMessage();
        if (!DnsHeader.TryRead(input, out DnsHeader header))
        {
            return DnsDecodeStatus.HeaderTooShort;
        }

        message.Header = header;
        if (header.QuestionCount != 1)
        {
            return DnsDecodeStatus.UnexpectedQuestionCount;
        }

        int offset = DnsLimits.HeaderLength;
        DnsDecodeStatus status = DnsName.TryRead(input, ref offset, out string name);
        if (status != DnsDecodeStatus.Complete)
        {
            return status;
        }

        if (offset + 4 > input.Length)
        {
            return DnsDecodeStatus.OutOfBounds;
        }

        message.Question = new DnsQuestion(
            name,
            (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(input[offset..]),
            BinaryPrimitives.ReadUInt16BigEndian(input[(offset + 2)..]));
        offset += 4;

        // RFC 2181 §9: a message with TC set is incomplete and its records must not be used; the answer
        // comes again over TCP, so nothing after the question is read.
        if (header.IsTruncated)
        {
            return DnsDecodeStatus.Complete;
        }

        // Reject absurd counts (ANCOUNT 65535 in a 40-octet packet) before allocating or looping for them.
        long records = (long)header.AnswerCount + header.AuthorityCount + header.AdditionalCount;
        if (records * DnsLimits.MinRecordLength > input.Length - offset)
        {
            return DnsDecodeStatus.CountsExceedMessage;
        }

        status = ReadSection(input, ref offset, header.AnswerCount, message.Answers);
        if (status == DnsDecodeStatus.Complete)
        {
            status = ReadSection(input, ref offset, header.AuthorityCount, message.Authority);
        }

        if (status == DnsDecodeStatus.Complete)
        {
            status = ReadSection(input, ref offset, header.AdditionalCount, message.Additional);
        }

        return status;
    }

    private static DnsDecodeStatus ReadSection(ReadOnlySpan<byte> input, ref int offset, int count, List<DnsRecord> section)
    {
        for (int i = 0; i < count; i++)
        {
            DnsDecodeStatus status = DnsRecordDecoder.TryRead(input, ref offset, out DnsRecord? record);
            if (status != DnsDecodeStatus.Complete)
            {
                return status;
            }

            if (record is not null)
            {
                section.Add(record);
            }
        }

        return DnsDecodeStatus.Complete;
    }
}
