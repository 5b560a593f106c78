using System.Buffers;
using System.IO.Pipelines;
using SmtpShield.Protocol;

namespace SmtpShield.Relay;

/// <summary>The client side's reply reading, shared by the backend handoff and the sender callouts.</summary>
internal static class SmtpReplyReading
{
    /// <summary>
    /// Reads one whole reply: null when the peer closed first, <see cref="InvalidDataException"/> when what
    /// came is not SMTP (the parser bounds line length and count, so a peer cannot make this buffer grow).
    /// </summary>
    public static async ValueTask<ParsedReply?> ReadAsync(PipeReader input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            switch (SmtpReplyParser.TryParse(ref reader, out ParsedReply reply))
            {
                case ParseStatus.Complete:
                    input.AdvanceTo(reader.Position);
                    return reply;
                case ParseStatus.SyntaxError:
                    input.AdvanceTo(buffer.Start);
                    throw new InvalidDataException("the reply is not SMTP");
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }
}
