namespace SmtpShield.Verdicts;

/// <summary>
/// What a failed check leads to, with postscreen's semantics (postscreen_*_action): Ignore logs it and
/// counts nothing; Enforce rejects at RCPT TO so the envelope is logged and a false positive learns
/// why; Drop answers 521 at once and closes.
/// </summary>
internal enum CheckAction : byte
{
    Ignore,
    Enforce,
    Drop,
}
