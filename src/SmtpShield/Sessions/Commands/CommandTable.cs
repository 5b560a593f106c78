using SmtpShield.Protocol;

namespace SmtpShield.Sessions.Commands;

/// <summary>Verb → handler, an array indexed by <see cref="SmtpVerb"/>: one lookup per command.</summary>
internal sealed class CommandTable
{
    private readonly ISmtpCommandHandler[] _handlers;

    public CommandTable(IEnumerable<ISmtpCommandHandler> handlers)
    {
        _handlers = new ISmtpCommandHandler[Enum.GetValues<SmtpVerb>().Length];
        foreach (ISmtpCommandHandler handler in handlers)
        {
            foreach (SmtpVerb verb in handler.Verbs)
            {
                if (_handlers[(int)verb] is not null)
                {
                    throw new InvalidOperationException($"Two handlers for {verb}.");
                }

                _handlers[(int)verb] = handler;
            }
        }

        SmtpVerb[] missing = [.. Enum.GetValues<SmtpVerb>().Where(v => _handlers[(int)v] is null)];
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"No handler for {string.Join(", ", missing)}.");
        }
    }

    public ISmtpCommandHandler For(SmtpVerb verb) => _handlers[(int)verb];
}
