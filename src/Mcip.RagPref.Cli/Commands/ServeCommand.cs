using System.CommandLine;
using Mcip.RagPref.Cli.Guarding;
using Mcip.RagPref.Cli.Serving;
using Mcip.RagPref.Guard;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref serve [--urls URLS] [--max-body-bytes N] [--store STORE] [--model M]</c>: runs the HTTP guard service
/// (<c>POST /v1/guard</c>, <c>POST /v1/compose</c>, <c>GET /healthz</c>, <c>GET /openapi/v1.json</c>) until Ctrl+C or SIGTERM.
/// Prints each listening address on standard output once ready; logs go to standard error.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var guards = new CliGuards();
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';' (port 0 picks a free port). Loopback by default: put the service behind your own gateway before exposing it.",
            DefaultValueFactory = _ => GuardServerSettings.DefaultUrls,
        };
        var maxBody = new Option<long>("--max-body-bytes")
        {
            Description = "Largest request body accepted; larger ones get 413 (default 1 MiB).",
            DefaultValueFactory = _ => GuardServerSettings.DefaultMaxBodyBytes,
        };
        var command = new Command("serve", "Run the HTTP guard service: POST /v1/guard, POST /v1/compose, GET /healthz, GET /openapi/v1.json.") { urls, maxBody };
        guards.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new GuardServerSettings(parse.GetValue(urls) ?? GuardServerSettings.DefaultUrls, PositiveBytes(parse.GetValue(maxBody)));
            using RagPrefGuard guard = await guards.OpenAsync(parse, guards.ReadOptions(parse), cancellationToken).ConfigureAwait(false);
            GuardServer server = await GuardServer.StartAsync(settings, services => ServeServices.AddGuard(services, guard), console.Error, cancellationToken).ConfigureAwait(false);
            await using (server.ConfigureAwait(false))
            {
                foreach (Uri address in server.Addresses)
                {
                    await console.Out.WriteLineAsync($"listening on {address.ToString().TrimEnd('/')}").ConfigureAwait(false);
                }

                await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static long PositiveBytes(long value) =>
        value > 0 ? value : throw new RagPrefException($"--max-body-bytes must be a positive number of bytes, but it is {value}: pass for example 1048576 (1 MiB).");
}
