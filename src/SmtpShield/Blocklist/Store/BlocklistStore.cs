using Microsoft.Data.Sqlite;
using SmtpShield.Configuration;

namespace SmtpShield.Blocklist.Store;

/// <summary>
/// The blocklist's source of truth: SQLite in WAL mode in the state directory (entries, offenders for
/// escalation, the audit log), and the sender-callout cache beside it, so both survive a restart. Synchronous and single-threaded by design: only <see cref="BlocklistWriter"/>
/// writes, on its own thread, so no session ever waits for the disk.
/// </summary>
internal sealed class BlocklistStore : IDisposable
{
    private const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;

    private BlocklistStore(SqliteConnection connection) => _connection = connection;

    public string Path { get; private init; } = "";

    public static BlocklistStore Open(string path)
    {
        string? directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            Execute(connection, """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                PRAGMA busy_timeout = 5000;
                CREATE TABLE IF NOT EXISTS entries (
                    network  TEXT PRIMARY KEY,
                    reason   TEXT NOT NULL,
                    source   TEXT NOT NULL,
                    created  INTEGER NOT NULL,
                    expires  INTEGER,
                    offences INTEGER NOT NULL,
                    hits     INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS entries_expires ON entries (expires);
                CREATE TABLE IF NOT EXISTS offenders (
                    network      TEXT PRIMARY KEY,
                    offences     INTEGER NOT NULL,
                    last_offence INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS callouts (
                    key     TEXT PRIMARY KEY,
                    outcome TEXT NOT NULL,
                    detail  TEXT NOT NULL,
                    expires INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS audit (
                    id      INTEGER PRIMARY KEY,
                    at      INTEGER NOT NULL,
                    actor   TEXT NOT NULL,
                    action  TEXT NOT NULL,
                    network TEXT NOT NULL,
                    detail  TEXT NOT NULL);
                """);
            long version = Scalar(connection, "PRAGMA user_version");
            if (version > SchemaVersion)
            {
                throw new InvalidOperationException($"{path} was written by a newer SmtpShield (schema {version}; this one knows {SchemaVersion})");
            }

            Execute(connection, $"PRAGMA user_version = {SchemaVersion}");
            return new BlocklistStore(connection) { Path = path };
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Every stored entry (expired ones too: the caller purges them).</summary>
    public List<BlocklistEntry> LoadEntries()
    {
        var entries = new List<BlocklistEntry>();
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT network, reason, source, created, expires, offences, hits FROM entries";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!TryParseKey(reader.GetString(0), out NetworkKey key) || !Enum.TryParse(reader.GetString(2), ignoreCase: true, out BlockSource source))
            {
                continue; // Written by hand or by a later version: not ours to interpret.
            }

            entries.Add(new BlocklistEntry(
                key, reader.GetString(1), source, FromUnixMs(reader.GetInt64(3)), reader.IsDBNull(4) ? null : FromUnixMs(reader.GetInt64(4)),
                reader.GetInt32(5), reader.GetInt64(6)));
        }

        return entries;
    }

    public List<OffenderRecord> LoadOffenders()
    {
        var offenders = new List<OffenderRecord>();
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT network, offences, last_offence FROM offenders";
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (TryParseKey(reader.GetString(0), out NetworkKey key))
            {
                offenders.Add(new OffenderRecord(key, reader.GetInt32(1), FromUnixMs(reader.GetInt64(2))));
            }
        }

        return offenders;
    }

    /// <summary>The callout cache's records that have not expired at <paramref name="now"/>.</summary>
    public List<CachedCallout> LoadCallouts(DateTimeOffset now)
    {
        var callouts = new List<CachedCallout>();
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT key, outcome, detail, expires FROM callouts WHERE expires > $now";
        command.Parameters.AddWithValue("$now", ToUnixMs(now));
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (Enum.TryParse(reader.GetString(1), ignoreCase: true, out Callouts.CalloutOutcome outcome))
            {
                callouts.Add(new CachedCallout(reader.GetString(0), outcome, reader.GetString(2), FromUnixMs(reader.GetInt64(3))));
            }
        }

        return callouts;
    }

    /// <summary>The newest audit records first.</summary>
    public List<AuditEvent> LoadAudit(int limit)
    {
        var events = new List<AuditEvent>();
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "SELECT at, actor, action, network, detail FROM audit ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (TryParseKey(reader.GetString(3), out NetworkKey key))
            {
                events.Add(new AuditEvent(FromUnixMs(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2), key, reader.GetString(4)));
            }
        }

        return events;
    }

    /// <summary>All of <paramref name="changes"/> in one transaction: all or nothing.</summary>
    public void Write(IReadOnlyList<StoreChange> changes)
    {
        using SqliteTransaction transaction = _connection.BeginTransaction();
        using var statements = new Statements(_connection, transaction);
        foreach (StoreChange change in changes)
        {
            statements.Apply(change);
        }

        transaction.Commit();
    }

    public void Dispose() => _connection.Dispose();

    internal static bool TryParseKey(string text, out NetworkKey key)
    {
        key = default;
        if (!AddressText.TryParseNetwork(text, out System.Net.IPNetwork network))
        {
            return false;
        }

        key = NetworkKey.For(network);
        return true;
    }

    internal static long ToUnixMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    internal static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(command.ExecuteScalar() ?? 0L);
    }
}
