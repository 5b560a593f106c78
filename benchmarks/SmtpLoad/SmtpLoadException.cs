namespace SmtpLoad;

/// <summary>A session went wrong in a way worth counting: <see cref="Exception.Message"/> is the error key.</summary>
internal sealed class SmtpLoadException : Exception
{
    public SmtpLoadException()
    {
    }

    public SmtpLoadException(string message)
        : base(message)
    {
    }

    public SmtpLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
