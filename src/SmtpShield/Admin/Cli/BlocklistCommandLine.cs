using System.CommandLine;

namespace SmtpShield.Admin.Cli;

/// <summary>
/// `smtpshield blocklist list|add|remove|flush|import`: the blocklist of the running daemon, through its
/// admin API, found from the same configuration the daemon reads (--config or the default resolution).
/// </summary>
internal static class BlocklistCommandLine
{
    private const string TtlHelp = "How long: 90s, 10m, 1h, 2d, 1w, 1h30m, seconds, d.hh:mm:ss, or permanent (default: the daemon's Admin:DefaultTtl)";

    public static Command Create(Option<string?> config)
    {
        var json = new Option<bool>("--json") { Description = "Print the admin API's JSON instead of text", Recursive = true };
        var blocklist = new Command("blocklist", "Show and change the running daemon's blocklist (through its admin API)");
        blocklist.Options.Add(json);
        blocklist.Subcommands.Add(List(config, json));
        blocklist.Subcommands.Add(Add(config, json));
        blocklist.Subcommands.Add(Remove(config));
        blocklist.Subcommands.Add(Flush(config, json));
        blocklist.Subcommands.Add(Import(config, json));
        return blocklist;
    }

    private static Command List(Option<string?> config, Option<bool> json)
    {
        var source = SourceOption("Only entries of this source");
        var contains = new Option<string?>("--contains") { Description = "Only the entries that cover this address or prefix" };
        var list = new Command("list", "List the entries, newest first: network, source, expiry, hits, reason");
        list.Options.Add(source);
        list.Options.Add(contains);
        list.SetAction((parse, _) => BlocklistListCommand.RunAsync(
            parse.GetValue(config), parse.GetValue(source), parse.GetValue(contains), parse.GetValue(json), Console.Out, Console.Error));
        return list;
    }

    private static Command Add(Option<string?> config, Option<bool> json)
    {
        var network = NetworkArgument("The address or prefix to block (192.0.2.7, 198.51.100.0/24, 2001:db8::/48)");
        var ttl = TtlOption();
        var reason = ReasonOption("Why (shown to the client in its 521 reply and in the log)");
        var add = new Command("add", "Block an address or prefix (source admin)");
        add.Arguments.Add(network);
        add.Options.Add(ttl);
        add.Options.Add(reason);
        add.SetAction((parse, _) => BlocklistAddCommand.RunAsync(
            parse.GetValue(config), parse.GetValue(network)!, parse.GetValue(ttl), parse.GetValue(reason), parse.GetValue(json), Console.Out, Console.Error));
        return add;
    }

    private static Command Remove(Option<string?> config)
    {
        var network = NetworkArgument("The entry's address or prefix, exactly as listed");
        var remove = new Command("remove", "Remove one entry; exit 1 if it is not listed itself");
        remove.Arguments.Add(network);
        remove.SetAction((parse, _) => BlocklistRemoveCommand.RunAsync(parse.GetValue(config), parse.GetValue(network)!, Console.Out, Console.Error));
        return remove;
    }

    private static Command Flush(Option<string?> config, Option<bool> json)
    {
        var all = new Option<bool>("--all") { Description = "Remove every entry" };
        var source = SourceOption("Remove only the entries of this source");
        var flush = new Command("flush", "Remove every entry (--all) or those of one source (--source)");
        flush.Options.Add(all);
        flush.Options.Add(source);
        flush.SetAction((parse, _) => BlocklistFlushCommand.RunAsync(
            parse.GetValue(config), parse.GetValue(all), parse.GetValue(source), parse.GetValue(json), Console.Out, Console.Error));
        return flush;
    }

    private static Command Import(Option<string?> config, Option<bool> json)
    {
        var file = new Argument<string>("file") { Description = "One address or prefix per line, # and ; start comments; - reads standard input" };
        var ttl = TtlOption();
        var reason = ReasonOption("Why, for every imported entry");
        var import = new Command("import", "Block every address or prefix of a file; print a summary and the lines not blocked");
        import.Arguments.Add(file);
        import.Options.Add(ttl);
        import.Options.Add(reason);
        import.SetAction((parse, _) => BlocklistImportCommand.RunAsync(
            parse.GetValue(config), parse.GetValue(file)!, parse.GetValue(ttl), parse.GetValue(reason), parse.GetValue(json),
            Console.OpenStandardInput(), Console.Out, Console.Error));
        return import;
    }

    private static Option<string?> TtlOption() => new("--ttl") { Description = TtlHelp };

    private static Option<string?> ReasonOption(string description) => new("--reason") { Description = description };

    private static Argument<string> NetworkArgument(string description) => new("network") { Description = description };

    private static Option<string?> SourceOption(string description)
    {
        var source = new Option<string?>("--source") { Description = description };
        source.AcceptOnlyFromAmong("reject", "errors", "limits", "admin", "config");
        return source;
    }
}
