using System.Text;
using SmtpShield.Protocol;

namespace SmtpShield.IntegrationTests;

/// <summary>
/// A dialogue as an admin reads it: "C: " for each line the client sent, "S: " for each reply line, in
/// the order they were sent and received. Long or binary client lines are summarised, not dumped.
/// </summary>
internal sealed class Transcript
{
    private const int MaxShownLine = 40;

    private readonly StringBuilder _text = new();
    private readonly StringBuilder _clientLine = new();
    private long _clientLineLength;
    private bool _clientLineEndsWithCr;

    /// <summary>Records sent octets; a line appears once its LF has been sent. Its length excludes the CRLF or LF.</summary>
    public void Sent(ReadOnlySpan<byte> octets)
    {
        foreach (byte octet in octets)
        {
            if (octet == (byte)'\n')
            {
                EndClientLine();
                continue;
            }

            if (_clientLineEndsWithCr)
            {
                Show("<CR>"); // a CR not followed by LF: bare
            }

            _clientLineLength++;
            _clientLineEndsWithCr = octet == (byte)'\r';
            if (!_clientLineEndsWithCr)
            {
                Show(octet switch
                {
                    0 => "<NUL>",
                    < 0x20 or >= 0x7F => $"<{octet:X2}>",
                    _ => ((char)octet).ToString(),
                });
            }
        }
    }

    public void Received(ParsedReply reply)
    {
        foreach (string line in Encoding.UTF8.GetString(reply.Raw).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Add("S: " + line);
        }
    }

    public void Note(string text) => Add("-- " + text);

    /// <summary>Returns everything since the last call, lines joined with "\n", and starts afresh.</summary>
    public string Take()
    {
        string text = _text.ToString().TrimEnd('\n');
        _text.Clear();
        return text;
    }

    private void EndClientLine()
    {
        if (_clientLineEndsWithCr)
        {
            _clientLineLength--;
        }

        string shown = _clientLineLength > MaxShownLine
            ? $"{_clientLine}... ({_clientLineLength} octets)"
            : _clientLine.ToString();
        Add("C: " + shown);
        _clientLine.Clear();
        _clientLineLength = 0;
        _clientLineEndsWithCr = false;
    }

    private void Show(string text)
    {
        if (_clientLine.Length < MaxShownLine)
        {
            _clientLine.Append(text);
        }
    }

    private void Add(string line) => _text.Append(line).Append('\n');
}
