using Microsoft.Data.Sqlite;

namespace SmtpShield.Blocklist.Store;

/// <summary>The store's prepared statements for one transaction, each created on first use.</summary>
internal sealed class Statements(SqliteConnection connection, SqliteTransaction transaction) : IDisposable
{
    private SqliteCommand? _saveEntry;
    private SqliteCommand? _deleteEntry;
    private SqliteCommand? _saveOffender;
    private SqliteCommand? _deleteOffender;
    private SqliteCommand? _saveHits;
    private SqliteCommand? _audit;
    private SqliteCommand? _saveCallout;
    private SqliteCommand? _purgeCallouts;

    public void Apply(StoreChange change)
    {
        switch (change)
        {
            case SaveEntry { Entry: var e }:
                Run(ref _saveEntry, """
                    INSERT INTO entries (network, reason, source, created, expires, offences, hits)
                    VALUES ($network, $reason, $source, $created, $expires, $offences, $hits)
                    ON CONFLICT (network) DO UPDATE SET reason = excluded.reason, source = excluded.source,
                        expires = excluded.expires, offences = excluded.offences, hits = excluded.hits
                    """,
                    ("$network", e.Key.ToString()), ("$reason", e.Reason), ("$source", e.Source.ToString().ToLowerInvariant()),
                    ("$created", BlocklistStore.ToUnixMs(e.Created)), ("$expires", e.Expires is { } x ? BlocklistStore.ToUnixMs(x) : DBNull.Value),
                    ("$offences", e.Offences), ("$hits", e.Hits));
                break;
            case DeleteEntry { Key: var key }:
                Run(ref _deleteEntry, "DELETE FROM entries WHERE network = $network", ("$network", key.ToString()));
                break;
            case SaveOffender { Offender: var o }:
                Run(ref _saveOffender, """
                    INSERT INTO offenders (network, offences, last_offence) VALUES ($network, $offences, $last)
                    ON CONFLICT (network) DO UPDATE SET offences = excluded.offences, last_offence = excluded.last_offence
                    """,
                    ("$network", o.Key.ToString()), ("$offences", o.Offences), ("$last", BlocklistStore.ToUnixMs(o.LastOffence)));
                break;
            case DeleteOffender { Key: var key }:
                Run(ref _deleteOffender, "DELETE FROM offenders WHERE network = $network", ("$network", key.ToString()));
                break;
            case SaveHits { Key: var key, Hits: var hits }:
                Run(ref _saveHits, "UPDATE entries SET hits = $hits WHERE network = $network", ("$network", key.ToString()), ("$hits", hits));
                break;
            case AuditEvent a:
                Run(ref _audit, "INSERT INTO audit (at, actor, action, network, detail) VALUES ($at, $actor, $action, $network, $detail)",
                    ("$at", BlocklistStore.ToUnixMs(a.At)), ("$actor", a.Actor), ("$action", a.Action), ("$network", a.Network.ToString()), ("$detail", a.Detail));
                break;
            case SaveCallout { Callout: var c }:
                Run(ref _saveCallout, """
                    INSERT INTO callouts (key, outcome, detail, expires) VALUES ($key, $outcome, $detail, $expires)
                    ON CONFLICT (key) DO UPDATE SET outcome = excluded.outcome, detail = excluded.detail, expires = excluded.expires
                    """,
                    ("$key", c.Key), ("$outcome", c.Outcome.ToString().ToLowerInvariant()), ("$detail", c.Detail), ("$expires", BlocklistStore.ToUnixMs(c.Expires)));
                break;
            case PurgeCallouts { Before: var before }:
                Run(ref _purgeCallouts, "DELETE FROM callouts WHERE expires <= $before", ("$before", BlocklistStore.ToUnixMs(before)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change, "unknown store change");
        }
    }

    public void Dispose()
    {
        _saveEntry?.Dispose();
        _deleteEntry?.Dispose();
        _saveOffender?.Dispose();
        _deleteOffender?.Dispose();
        _saveHits?.Dispose();
        _audit?.Dispose();
        _saveCallout?.Dispose();
        _purgeCallouts?.Dispose();
    }

    private void Run(ref SqliteCommand? command, string sql, params (string Name, object Value)[] values)
    {
        if (command is null)
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach ((string name, _) in values)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
        }

        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i].Value;
        }

        command.ExecuteNonQuery();
    }
}
