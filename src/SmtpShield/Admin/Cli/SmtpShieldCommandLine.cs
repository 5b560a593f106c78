using System.CommandLine;

namespace SmtpShield.Admin.Cli;

/// <summary>The `smtpshield` command line: `run` (the default), `check-config`, `explain` and `blocklist`; more join with the Operations issue.</summary>
internal static class SmtpShieldCommandLine
{
    public static RootCommand Create()
    {
        var config = new Option<string?>("--config", "-c")
        {
            Description = "Configuration file (default: config/smtpshield.json in the working directory or beside the binary, else the embedded default)",
            Recursive = true,
        };

        var run = new Command("run", "Run the SMTP front line until SIGTERM (the default command)");
        run.SetAction((parse, _) => RunCommand.RunAsync(parse.GetValue(config)));

        var path = new Argument<string?>("path")
        {
            Description = "Configuration file to check (default: as for run)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var checkConfig = new Command("check-config", "Validate a configuration and print every error with its key; exit 78 if any");
        checkConfig.Arguments.Add(path);
        checkConfig.SetAction(parse => CheckConfigCommand.Run(parse.GetValue(path) ?? parse.GetValue(config), Console.Out, Console.Error));

        var ip = new Option<string>("--ip") { Description = "The client address to judge", Required = true };
        var helo = new Option<string?>("--helo") { Description = "The HELO/EHLO name it would send" };
        var from = new Option<string?>("--from") { Description = "The MAIL FROM address it would send (empty for <>)" };
        var explain = new Command("explain", "Run the configured checks for a client and print each result and the verdict");
        explain.Options.Add(ip);
        explain.Options.Add(helo);
        explain.Options.Add(from);
        explain.SetAction((parse, _) => ExplainCommand.RunAsync(
            parse.GetValue(config), parse.GetValue(ip)!, parse.GetValue(helo), parse.GetValue(from), Console.Out, Console.Error));

        var root = new RootCommand("SmtpShield: an SMTP front line that screens clients up to RCPT TO and hands clean sessions to your MTA.");
        root.Options.Add(config);
        root.Subcommands.Add(run);
        root.Subcommands.Add(checkConfig);
        root.Subcommands.Add(explain);
        root.Subcommands.Add(BlocklistCommandLine.Create(config));
        root.SetAction((parse, _) => RunCommand.RunAsync(parse.GetValue(config)));
        return root;
    }
}
