namespace SmtpShield.Listener;

/// <summary>The top-level "Listeners" array, as one options object.</summary>
internal sealed class ListenersOptions
{
    public List<ListenerOptions> Items { get; } = [];
}
