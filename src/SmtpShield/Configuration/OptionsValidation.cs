using Microsoft.Extensions.Options;

namespace SmtpShield.Configuration;

/// <summary>Small helpers so validators read as a list of rules, each naming its key.</summary>
internal sealed class OptionsValidation(string section)
{
    private readonly List<string> _errors = [];

    public void Require(bool condition, string key, string message)
    {
        if (!condition)
        {
            _errors.Add($"{section}:{key}: {message}");
        }
    }

    public void InRange(TimeSpan value, TimeSpan min, TimeSpan max, string key) =>
        Require(value >= min && value <= max, key, $"must be between {min:c} and {max:c} (got {value:c})");

    public void InRange(long value, long min, long max, string key) =>
        Require(value >= min && value <= max, key, $"must be between {min} and {max} (got {value})");

    /// <summary>A check's penalty: a finite number, zero or more (zero turns that finding off).</summary>
    public void Score(double value, string key) =>
        Require(double.IsFinite(value) && value >= 0, key, $"must be a number, zero or more (got {value})");

    public ValidateOptionsResult Result() =>
        _errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_errors);
}
