using System.Text;
using SmtpShield.Protocol;

namespace SmtpShield.Sessions;

/// <summary>
/// The mail transaction so far, copied out of the read buffer so it survives until handoff, where MAIL
/// and RCPT are replayed to the backend with the client's own parameters.
/// </summary>
internal sealed class Envelope
{
    private List<Recipient>? _recipients;

    private Envelope(string reversePath, bool isNullSender, byte[] parameters, long size, bool smtpUtf8)
    {
        ReversePath = reversePath;
        IsNullSender = isNullSender;
        MailParameters = parameters;
        DeclaredSize = size;
        SmtpUtf8 = smtpUtf8;
    }

    /// <summary>The sender's mailbox, empty for the null sender &lt;&gt;.</summary>
    public string ReversePath { get; }

    public bool IsNullSender { get; }

    /// <summary>MAIL's ESMTP parameters exactly as sent, for replay.</summary>
    public byte[] MailParameters { get; }

    /// <summary>SIZE=, or -1.</summary>
    public long DeclaredSize { get; }

    public bool SmtpUtf8 { get; }

    /// <summary>Recipients the policy accepted, in order.</summary>
    public IReadOnlyList<Recipient> Recipients => (IReadOnlyList<Recipient>?)_recipients ?? [];

    public static Envelope FromMail(in SmtpCommand mail) => new(
        Encoding.UTF8.GetString(mail.Path.Mailbox.Span),
        mail.Path.IsNull,
        mail.Parameters.Raw.ToArray(),
        mail.Parameters.Size,
        mail.Parameters.SmtpUtf8);

    /// <summary>The backend's refusal of MAIL, answered to every RCPT of this transaction without asking again.</summary>
    public byte[]? RefusedByBackend { get; set; }

    public void AddRecipient(Recipient recipient) => (_recipients ??= []).Add(recipient);
}

/// <summary>A forward-path and its RCPT parameters as sent.</summary>
internal sealed record Recipient(string ForwardPath, byte[] Parameters)
{
    public static Recipient FromRcpt(in SmtpCommand rcpt) =>
        new(Encoding.UTF8.GetString(rcpt.Path.Mailbox.Span), rcpt.Parameters.Raw.ToArray());
}
