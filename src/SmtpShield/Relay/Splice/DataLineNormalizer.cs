using System.Buffers;

namespace SmtpShield.Relay.Splice;

/// <summary>
/// Message data in the one mode where SmtpShield must find end-of-data itself (Identity "none", where it
/// inserts the trace header). Bare CR and bare LF become CRLF, and only "CRLF . CRLF" with proper CRLFs on
/// both sides ends the data; a "." line next to a bare line end is dot-stuffed instead, so it stays in the
/// message. The backend then receives only CRLF line ends and the same single end-of-data, and the two of
/// us can never disagree about where the message stops (SMTP smuggling; Postfix's
/// smtpd_forbid_bare_newline=normalize draws the same line).
/// </summary>
internal sealed class DataLineNormalizer
{
    private bool _pendingCr;
    private bool _heldDot;
    private bool _lineHasContent;
    private bool _previousEndProper = true;

    /// <summary>Bare CRs and LFs seen (and normalised) in the current message.</summary>
    public int BareLineEnds { get; private set; }

    /// <summary>
    /// Normalises <paramref name="input"/> into <paramref name="output"/>. Returns how many input bytes were
    /// used: all of them, or fewer when end-of-data was reached (the rest are the client's next commands).
    /// </summary>
    public int Process(ReadOnlySpan<byte> input, IBufferWriter<byte> output, out bool endOfData)
    {
        ArgumentNullException.ThrowIfNull(output);
        endOfData = false;
        int i = 0;
        while (i < input.Length)
        {
            byte b = input[i];
            if (_pendingCr)
            {
                _pendingCr = false;
                if (b == (byte)'\n')
                {
                    i++;
                    if (EndLine(output, proper: true))
                    {
                        endOfData = true;
                        Reset();
                        return i;
                    }

                    continue;
                }

                // A CR not followed by LF: a line end of its own, then b starts the next line.
                EndLine(output, proper: false);
            }

            if (b == (byte)'\r')
            {
                _pendingCr = true;
                i++;
            }
            else if (b == (byte)'\n')
            {
                EndLine(output, proper: false);
                i++;
            }
            else if (!_lineHasContent || _heldDot)
            {
                // The start of a line decides about a leading dot, byte by byte.
                Content(output, b);
                i++;
            }
            else
            {
                // The middle of a line: everything up to the next CR or LF goes out in one copy.
                ReadOnlySpan<byte> rest = input[i..];
                int run = rest.IndexOfAny((byte)'\r', (byte)'\n');
                if (run < 0)
                {
                    run = rest.Length;
                }

                output.Write(rest[..run]);
                i += run;
            }
        }

        return input.Length;
    }

    /// <summary>Called at end-of-data or when the message is abandoned: the next message starts fresh.</summary>
    public void Reset()
    {
        _pendingCr = false;
        _heldDot = false;
        _lineHasContent = false;
        _previousEndProper = true;
        BareLineEnds = 0;
    }

    private void Content(IBufferWriter<byte> output, byte b)
    {
        if (!_lineHasContent && !_heldDot && b == (byte)'.')
        {
            // A leading dot: end-of-data or dot-stuffing is decided by what follows.
            _heldDot = true;
            return;
        }

        if (_heldDot)
        {
            Write(output, (byte)'.');
            _heldDot = false;
        }

        _lineHasContent = true;
        Write(output, b);
    }

    // Returns true when this line end completes end-of-data.
    private bool EndLine(IBufferWriter<byte> output, bool proper)
    {
        bool dotLine = _heldDot && !_lineHasContent;
        if (!proper)
        {
            BareLineEnds++;
        }

        bool end = dotLine && proper && _previousEndProper;
        if (dotLine)
        {
            // ".": end-of-data only between two proper CRLFs; anywhere else it is content, stuffed to "..".
            Write(output, end ? "."u8 : ".."u8);
        }

        Write(output, "\r\n"u8);
        _heldDot = false;
        _lineHasContent = false;
        _previousEndProper = proper;
        return end;
    }

    private static void Write(IBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);
}
