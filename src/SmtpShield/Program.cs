using System.CommandLine;
using SmtpShield.Admin.Cli;

// The host handles SIGTERM itself (graceful drain); the command line must not kill the process first.
ParseResult command = SmtpShieldCommandLine.Create().Parse(args);
int exitCode = await command.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

// A command line that does not parse is bad usage (sysexits EX_USAGE), whatever the parser returns after its message.
return command.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
