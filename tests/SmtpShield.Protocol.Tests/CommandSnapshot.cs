namespace SmtpShield.Protocol.Tests;

/// <summary>
/// A copy of what <see cref="SmtpCommandReader.TryRead"/> returned, taken at once: the command's memory is only
/// valid until the next read, so comparisons between runs go through this record.
/// </summary>
internal sealed record CommandSnapshot(
    ParseStatus Status,
    SmtpVerb Verb,
    SmtpSyntaxError Error,
    LineFlags Flags,
    string Line,
    string Argument,
    string Mailbox,
    PathFlags PathFlags,
    string Parameters)
{
    public static CommandSnapshot Of(ParseStatus status, in SmtpCommand command) => new(
        status,
        command.Verb,
        command.Error,
        command.Flags,
        Wire.Octets(command.Line),
        Wire.Octets(command.Argument),
        Wire.Octets(command.Path.Mailbox),
        command.Path.Flags,
        Wire.Octets(command.Parameters.Raw));

    /// <summary>Reads every complete command in <paramref name="buffer"/>; stops at the first NeedMoreData.</summary>
    public static List<CommandSnapshot> ReadAll(ref SmtpCommandReader reader, ReadOnlySequence<byte> buffer, out long consumed)
    {
        var input = new SequenceReader<byte>(buffer);
        var commands = new List<CommandSnapshot>();
        ParseStatus status;
        while ((status = reader.TryRead(ref input, out SmtpCommand command)) != ParseStatus.NeedMoreData)
        {
            commands.Add(Of(status, command));
        }

        reader.ReleaseScratch();
        consumed = input.Consumed;
        return commands;
    }

    public static List<CommandSnapshot> ReadAll(ReadOnlySequence<byte> buffer, int maxLineLength = SmtpLineReader.DefaultMaxLineLength)
    {
        var reader = new SmtpCommandReader(maxLineLength);
        return ReadAll(ref reader, buffer, out _);
    }

    public override string ToString() => $"{Status} {Verb} {Error} {Flags} \"{Line}\"";
}
