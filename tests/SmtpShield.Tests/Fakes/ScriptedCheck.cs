using SmtpShield.Checks;

namespace SmtpShield.Tests.Fakes;

/// <summary>
/// A connect-stage check whose result the test hands over when it chooses: for the orders real lookups
/// cannot be made to arrive in (an allowlisting answer first, then a drop).
/// </summary>
internal sealed class ScriptedCheck(string name) : ISessionCheck
{
    private readonly TaskCompletionSource<CheckResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => name;

    public CheckStage Stage => CheckStage.Connect;

    public bool IsEnabled => true;

    public void Complete(CheckResult result) => _result.TrySetResult(result);

    public async ValueTask<CheckResult> RunAsync(CheckSubject subject, CancellationToken cancellationToken) =>
        await _result.Task.WaitAsync(cancellationToken);
}
