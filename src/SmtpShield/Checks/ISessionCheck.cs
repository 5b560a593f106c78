namespace SmtpShield.Checks;

/// <summary>
/// One check of a client. Runs as soon as its stage's input exists, in parallel with the dialogue; returns
/// a <see cref="CheckResult"/> and never throws for bad input or failed lookups (only for cancellation).
/// </summary>
internal interface ISessionCheck
{
    /// <summary>Short, stable, lower-case: used in logs, explanations and metric labels.</summary>
    string Name { get; }

    CheckStage Stage { get; }

    /// <summary>False when configuration turns the check off (no zones, Enabled: false): it is then never run.</summary>
    bool IsEnabled { get; }

    ValueTask<CheckResult> RunAsync(CheckSubject subject, CancellationToken cancellationToken);
}
