namespace SmtpShield.Relay.Splice;

/// <summary>
/// What a spliced session has moved and when it last moved anything: read by the heartbeat for the idle
/// timeout, and by the accounting at the end. One writer per direction.
/// </summary>
internal sealed class SpliceActivity(TimeProvider time)
{
    private long _lastActivity = time.GetTimestamp();
    private long _fromClient;
    private long _fromBackend;

    public long LastActivity => Volatile.Read(ref _lastActivity);

    public long FromClient => Volatile.Read(ref _fromClient);

    public long FromBackend => Volatile.Read(ref _fromBackend);

    public void ClientSent(long bytes)
    {
        Volatile.Write(ref _fromClient, _fromClient + bytes);
        Volatile.Write(ref _lastActivity, time.GetTimestamp());
    }

    public void BackendSent(long bytes)
    {
        Volatile.Write(ref _fromBackend, _fromBackend + bytes);
        Volatile.Write(ref _lastActivity, time.GetTimestamp());
    }
}
