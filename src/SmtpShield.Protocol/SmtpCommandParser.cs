using System.Buffers.Binary;
using System.Text.Unicode;

namespace SmtpShield.Protocol;

/// <summary>
/// Turns one command line into an <see cref="SmtpCommand"/>. Reads the verb once and switches on it;
/// never throws, never allocates for well-formed ASCII commands.
/// </summary>
public static class SmtpCommandParser
{
    /// <summary>Parses <paramref name="line"/> (without its terminator).</summary>
    public static ParseStatus Parse(ReadOnlyMemory<byte> line, LineFlags flags, out SmtpCommand command)
    {
        // Fields are computed as locals and the command is built once: it is a large struct, and
        // copying it per field ("with") cost more than the parsing itself.
        ReadOnlySpan<byte> span = line.Span;
        int verbEnd = span.IndexOf((byte)' ');
        if (verbEnd < 0)
        {
            verbEnd = span.Length;
        }

        SmtpVerb verb = ReadVerb(span[..verbEnd]);
        int argumentStart = verbEnd;
        while (argumentStart < span.Length && span[argumentStart] == (byte)' ')
        {
            argumentStart++;
        }

        int argumentEnd = span.Length;
        while (argumentEnd > argumentStart && span[argumentEnd - 1] == (byte)' ')
        {
            argumentEnd--;
        }

        ReadOnlyMemory<byte> argument = line[argumentStart..argumentEnd];
        var heloKind = HeloArgumentKind.None;
        SmtpPath path = default;
        EsmtpParameters parameters = EsmtpParameters.None;

        // RFC 6531 §3.3: bytes above 127 are legal only as UTF-8. Like Postfix (smtputf8_enable), judge the
        // whole line before the verb, so every command gets the same "bad UTF-8" answer.
        SmtpSyntaxError error = span.IndexOfAnyExcept((byte)' ') < 0 ? SmtpSyntaxError.EmptyLine
            : span.ContainsAnyInRange((byte)0x80, (byte)0xFF) && !Utf8.IsValid(span) ? SmtpSyntaxError.InvalidUtf8
            : verb switch
            {
                SmtpVerb.Helo or SmtpVerb.Ehlo => ParseHelo(argument.Span, out heloKind),
                SmtpVerb.Mail => ParseMailOrRcpt(argument, verb, "FROM:"u8, out path, out parameters),
                SmtpVerb.Rcpt => ParseMailOrRcpt(argument, verb, "TO:"u8, out path, out parameters),
                SmtpVerb.Data or SmtpVerb.Rset or SmtpVerb.Quit or SmtpVerb.StartTls =>
                    argument.IsEmpty ? SmtpSyntaxError.None : SmtpSyntaxError.UnexpectedArgument,
                _ => SmtpSyntaxError.None,
            };

        command = new SmtpCommand
        {
            Verb = verb,
            Flags = flags,
            Error = error,
            Line = line,
            Argument = argument,
            HeloKind = heloKind,
            Path = path,
            Parameters = parameters,
        };
        return error == SmtpSyntaxError.None ? ParseStatus.Complete : ParseStatus.SyntaxError;
    }

    private static SmtpSyntaxError ParseHelo(ReadOnlySpan<byte> argument, out HeloArgumentKind kind)
    {
        kind = HeloArgumentKind.None;
        if (argument.IsEmpty)
        {
            return SmtpSyntaxError.MissingDomain;
        }

        int space = argument.IndexOf((byte)' ');
        ReadOnlySpan<byte> domain = space < 0 ? argument : argument[..space];
        // RFC 1123 §2.1: a host name never has the dotted-decimal form #.#.#.#, its top label is never
        // all digits; "EHLO 192.0.2.1" is a bare IP, not a domain.
        kind = DomainSyntax.IsAddressLiteral(domain) ? HeloArgumentKind.AddressLiteral
            : DomainSyntax.IsDomain(domain, out _) && !DomainSyntax.HasNumericTopLabel(domain) ? HeloArgumentKind.Domain
            : HeloArgumentKind.Invalid;
        return SmtpSyntaxError.None;
    }

    private static SmtpSyntaxError ParseMailOrRcpt(
        ReadOnlyMemory<byte> argument, SmtpVerb verb, ReadOnlySpan<byte> keyword, out SmtpPath path, out EsmtpParameters parameters)
    {
        path = default;
        parameters = EsmtpParameters.None;
        ReadOnlySpan<byte> text = argument.Span;
        if (!SmtpGrammar.StartsWithIgnoreCase(text, keyword))
        {
            return SmtpSyntaxError.MissingPathKeyword;
        }

        // Strict RFC 5321 has no space after the colon; real clients (and Postfix by default) allow it.
        int pathStart = keyword.Length;
        while (pathStart < text.Length && text[pathStart] == (byte)' ')
        {
            pathStart++;
        }

        ReadOnlyMemory<byte> rest = argument[pathStart..];
        if (!PathSyntax.TryParse(rest, verb == SmtpVerb.Mail, out path, out int consumed))
        {
            return SmtpSyntaxError.BadPath;
        }

        if (consumed == rest.Length)
        {
            return SmtpSyntaxError.None;
        }

        ReadOnlyMemory<byte> parameterText = rest[consumed..];
        if (parameterText.Span[0] != (byte)' ')
        {
            return SmtpSyntaxError.BadPath;
        }

        return EsmtpParameterParser.Parse(parameterText, verb, out parameters);
    }

    /// <summary>Case-insensitive match of the command word, four or eight ASCII letters read as one integer.</summary>
    internal static SmtpVerb ReadVerb(ReadOnlySpan<byte> word)
    {
        // OR-ing 0x20 lowercases ASCII letters; only 'X' and 'x' map to 'x', so letters cannot collide.
        const uint Lower4 = 0x20202020;
        if (word.Length == 4)
        {
            return (BinaryPrimitives.ReadUInt32LittleEndian(word) | Lower4) switch
            {
                0x6f6c6568 => SmtpVerb.Helo, // "helo"
                0x6f6c6865 => SmtpVerb.Ehlo, // "ehlo"
                0x6c69616d => SmtpVerb.Mail, // "mail"
                0x74706372 => SmtpVerb.Rcpt, // "rcpt"
                0x61746164 => SmtpVerb.Data, // "data"
                0x74657372 => SmtpVerb.Rset, // "rset"
                0x706f6f6e => SmtpVerb.Noop, // "noop"
                0x74697571 => SmtpVerb.Quit, // "quit"
                0x79667276 => SmtpVerb.Vrfy, // "vrfy"
                0x706c6568 => SmtpVerb.Help, // "help"
                0x6e707865 => SmtpVerb.Expn, // "expn"
                0x68747561 => SmtpVerb.Auth, // "auth"
                0x74616462 => SmtpVerb.Bdat, // "bdat"
                0x6e727465 => SmtpVerb.Etrn, // "etrn"
                0x6e727574 => SmtpVerb.Turn, // "turn"
                _ => SmtpVerb.Unknown,
            };
        }

        const ulong Lower8 = 0x2020202020202020;
        const ulong StartTls = 0x736c747472617473; // "starttls"
        if (word.Length == 8 && (BinaryPrimitives.ReadUInt64LittleEndian(word) | Lower8) == StartTls)
        {
            return SmtpVerb.StartTls;
        }

        return SmtpVerb.Unknown;
    }
}
