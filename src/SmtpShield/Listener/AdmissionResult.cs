namespace SmtpShield.Listener;

/// <summary>What <see cref="ConnectionAdmission.Admit"/> decided about a new connection.</summary>
internal enum AdmissionResult : byte
{
    Admitted,
    TooManySessions,
    ShuttingDown,

    /// <summary>The client already holds Limits:MaxSessionsPerClient connections.</summary>
    TooManyFromClient,

    /// <summary>The client opened Limits:MaxConnectionsPerClientPerMinute connections within the last minute.</summary>
    TooFastFromClient,

    /// <summary>The client is on the blocklist (the kernel did not drop it: driver "none", or not yet applied).</summary>
    Blocked,
}
