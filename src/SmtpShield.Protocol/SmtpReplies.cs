namespace SmtpShield.Protocol;

/// <summary>
/// Every canned reply SmtpShield sends, in one table. Codes follow RFC 5321 §4.2.2–4.2.3, enhanced codes
/// RFC 3463 (registry: RFC 5248); texts follow Postfix's where one exists, so admins and log parsers
/// recognise them. Replies naming the server take the hostname; none carries a version.
/// </summary>
public static class SmtpReplies
{
    private static EnhancedStatusCode E(byte c, ushort s, ushort d) => new(c, s, d);

    // 2xx
    public static readonly SmtpReply Ok = new(250, E(2, 0, 0), "Ok");
    public static readonly SmtpReply SenderOk = new(250, E(2, 1, 0), "Ok");
    public static readonly SmtpReply Bye = new(221, E(2, 0, 0), "Bye");
    public static readonly SmtpReply ReadyToStartTls = new(220, E(2, 0, 0), "Ready to start TLS");
    public static readonly SmtpReply Help = new(214, E(2, 0, 0), "See https://www.rfc-editor.org/rfc/rfc5321");

    // 4xx: the client keeps its mail and tries again.
    public static readonly SmtpReply TooManyRecipients = new(452, E(4, 5, 3), "Error: too many recipients");
    public static readonly SmtpReply BackendUnavailable =
        new(451, E(4, 4, 0), "Error: the mail server is not reachable now; try again later");
    public static readonly SmtpReply TlsUnavailable = new(454, E(4, 7, 0), "TLS not available due to local problem");

    // 500/501/555: syntax.
    public static readonly SmtpReply CommandUnrecognized = new(500, E(5, 5, 2), "Error: command not recognized");
    public static readonly SmtpReply LineTooLong = new(500, E(5, 5, 2), "Error: line too long");
    public static readonly SmtpReply EmptyLine = new(500, E(5, 5, 2), "Error: bad syntax");
    public static readonly SmtpReply NulInCommand = new(500, E(5, 5, 2), "Error: NUL character in command");
    public static readonly SmtpReply BadUtf8 = new(500, E(5, 5, 2), "Error: bad UTF-8 syntax");
    public static readonly SmtpReply HeloSyntax = new(501, E(5, 5, 4), "Syntax: EHLO hostname");
    public static readonly SmtpReply MailSyntax = new(501, E(5, 5, 4), "Syntax: MAIL FROM:<address>");
    public static readonly SmtpReply RcptSyntax = new(501, E(5, 5, 4), "Syntax: RCPT TO:<address>");
    public static readonly SmtpReply VrfySyntax = new(501, E(5, 5, 4), "Syntax: VRFY address");
    public static readonly SmtpReply NoArgumentsAllowed = new(501, E(5, 5, 4), "Syntax error: no arguments allowed");
    public static readonly SmtpReply BadSenderAddress = new(501, E(5, 1, 7), "Bad sender address syntax");
    public static readonly SmtpReply BadRecipientAddress = new(501, E(5, 1, 3), "Bad recipient address syntax");
    public static readonly SmtpReply BadParameterSyntax = new(501, E(5, 5, 4), "Bad parameter syntax");
    public static readonly SmtpReply BadParameterValue = new(501, E(5, 5, 4), "Bad parameter value");
    public static readonly SmtpReply DuplicateParameter = new(501, E(5, 5, 4), "Duplicate parameter");
    public static readonly SmtpReply UnknownParameter = new(555, E(5, 5, 4), "Unsupported option");
    public static readonly SmtpReply ParametersNeedEhlo = new(555, E(5, 5, 4), "ESMTP parameters need EHLO");
    public static readonly SmtpReply BinaryMimeUnsupported = new(555, E(5, 5, 4), "BODY=BINARYMIME is not supported");

    // 502/503: command order and availability.
    public static readonly SmtpReply CommandNotImplemented = new(502, E(5, 5, 1), "Error: command not implemented");
    public static readonly SmtpReply VrfyDisabled = new(502, E(5, 5, 1), "VRFY command is disabled");
    public static readonly SmtpReply StartTlsUnavailable = new(502, E(5, 5, 1), "Error: STARTTLS not available");
    public static readonly SmtpReply NeedHelo = new(503, E(5, 5, 1), "Error: send HELO/EHLO first");
    public static readonly SmtpReply NestedMail = new(503, E(5, 5, 1), "Error: nested MAIL command");
    public static readonly SmtpReply NeedMail = new(503, E(5, 5, 1), "Error: need MAIL command");
    public static readonly SmtpReply NeedRcpt = new(503, E(5, 5, 1), "Error: need RCPT command");
    public static readonly SmtpReply TlsAlreadyActive = new(503, E(5, 5, 1), "Error: TLS already active");
    public static readonly SmtpReply MailTransactionInProgress = new(503, E(5, 5, 1), "Error: MAIL transaction in progress");

    // 55x: permanent refusals of this transaction.
    public static readonly SmtpReply NoValidRecipients = new(554, E(5, 5, 1), "Error: no valid recipients");
    public static readonly SmtpReply MessageTooBig = new(552, E(5, 3, 4), "Message size exceeds fixed limit");
    public static readonly SmtpReply NonAsciiNeedsSmtpUtf8 = new(553, E(5, 6, 7), "Non-ASCII address requires the SMTPUTF8 parameter");

    /// <summary>The greeting: "220 host ESMTP" and nothing that names the software or its version.</summary>
    public static SmtpReply Greeting(string hostname) => new(220, null, $"{hostname} ESMTP");

    /// <summary>HELO's answer carries no enhanced code (RFC 2034 §3: they start after EHLO).</summary>
    public static SmtpReply HeloOk(string hostname) => new(250, null, hostname);

    /// <summary>The EHLO reply: hostname, then one extension keyword (with parameters) per line.</summary>
    public static SmtpReply EhloOk(string hostname, IEnumerable<string> extensions) =>
        new(250, null, [hostname, .. extensions]);

    // 421: the server closes the connection (RFC 5321 §3.8); the text starts with the hostname.
    public static SmtpReply ShuttingDown(string hostname) =>
        new(421, E(4, 3, 2), $"{hostname} Service shutting down, closing transmission channel");

    public static SmtpReply TooManyErrors(string hostname) => new(421, E(4, 7, 0), $"{hostname} Error: too many errors");

    public static SmtpReply TooManyCommands(string hostname) => new(421, E(4, 7, 0), $"{hostname} Error: too many commands");

    public static SmtpReply TooManySessions(string hostname) => new(421, E(4, 7, 0), $"{hostname} Error: too many connections");

    // Postfix anvil's wording for the per-client limits, so admins and log parsers recognise them.
    public static SmtpReply TooManyConnectionsFrom(string hostname, string client) =>
        new(421, E(4, 7, 0), $"{hostname} Error: too many connections from {client}");

    public static SmtpReply TooManyConnectionRateFrom(string hostname, string client) =>
        new(421, E(4, 7, 0), $"{hostname} Error: too much connection rate from {client}");

    public static SmtpReply Timeout(string hostname) => new(421, E(4, 4, 2), $"{hostname} Error: timeout exceeded");

    public static SmtpReply BackendTimeout(string hostname) =>
        new(421, E(4, 4, 2), $"{hostname} Error: the mail server did not answer in time; closing connection");

    public static SmtpReply SessionLifetimeExceeded(string hostname) =>
        new(421, E(4, 4, 2), $"{hostname} Error: session lasted too long");
}
