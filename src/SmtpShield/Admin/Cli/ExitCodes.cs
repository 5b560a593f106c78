namespace SmtpShield.Admin.Cli;

/// <summary>Process exit codes (sysexits.h where one fits), documented in README.md.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A runtime failure (a port already in use, a state directory that cannot be written).</summary>
    public const int Failure = 1;

    /// <summary>`blocklist remove`: the network has no entry of its own (like grep's 1: nothing matched).</summary>
    public const int NotListed = 1;

    /// <summary>Bad usage or input: an unknown option, a ttl or address that does not parse (EX_USAGE).</summary>
    public const int Usage = 64;

    /// <summary>The daemon refused the data: a protected network, one already covered, bad lines in an import (EX_DATAERR).</summary>
    public const int Refused = 65;

    /// <summary>The file to import cannot be read (EX_NOINPUT).</summary>
    public const int NoInput = 66;

    /// <summary>The daemon's admin API cannot be reached: not running, or elsewhere (EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;

    /// <summary>The daemon answered something this CLI does not understand (EX_SOFTWARE).</summary>
    public const int UnexpectedReply = 70;

    /// <summary>The daemon refused the token, or the token file cannot be read (EX_NOPERM).</summary>
    public const int NoPermission = 77;

    /// <summary>The configuration is invalid; nothing was started (EX_CONFIG). Also a token file the daemon will not use.</summary>
    public const int ConfigurationError = 78;

    /// <summary>The exit code for a refusal from the admin API, by HTTP status.</summary>
    public static int ForStatus(int status) => status switch
    {
        400 or 413 or 415 => Usage,
        401 or 403 => NoPermission,
        404 => NotListed,
        409 => Refused,
        _ => UnexpectedReply,
    };
}
