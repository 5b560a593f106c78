namespace SmtpShield.Admin.Cli;

/// <summary>Process exit codes, documented in README.md.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A runtime failure (a port already in use, a state directory that cannot be written) or bad usage.</summary>
    public const int Failure = 1;

    /// <summary>The configuration is invalid; nothing was started (sysexits.h EX_CONFIG).</summary>
    public const int ConfigurationError = 78;
}
