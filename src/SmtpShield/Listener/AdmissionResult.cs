namespace SmtpShield.Listener;

/// <summary>What <see cref="ConnectionAdmission.Admit"/> decided about a new connection.</summary>
internal enum AdmissionResult : byte
{
    Admitted,
    TooManySessions,
    ShuttingDown,
}
