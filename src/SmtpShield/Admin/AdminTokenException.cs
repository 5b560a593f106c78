namespace SmtpShield.Admin;

/// <summary>
/// Admin:TokenFile cannot be used, so the daemon must not start: the message is one sentence naming the
/// file and the fix, printed as is by the run command (exit 78, EX_CONFIG).
/// </summary>
internal sealed class AdminTokenException : Exception
{
    public AdminTokenException()
    {
    }

    public AdminTokenException(string message)
        : base(message)
    {
    }

    public AdminTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
