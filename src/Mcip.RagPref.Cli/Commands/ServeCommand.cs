using System.CommandLine;
using Mcip.RagPref.Cli.Guarding;
using Mcip.RagPref.Cli.Serving;
using Mcip.RagPref.Guard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref serve [--urls URLS] [--max-body-bytes N] [--api-key-file PATH] [--store STORE] [--model M]</c>: runs the HTTP
/// guard service (<c>POST /v1/guard</c>, <c>POST /v1/compose</c>, <c>GET /healthz</c>, <c>GET /openapi/v1.json</c>) until
/// Ctrl+C or SIGTERM. Prints each listening address on standard output once ready; logs go to standard error. With an API
/// key (<c>--api-key-file</c> or <c>RAGPREF_API_KEY</c>) every route but <c>/healthz</c> answers 401 without it.
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
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds a guard call may take; a call that fails or times out is blocked for tool calls and tool descriptions and allowed (and logged) for prompts and tool outputs (default 5).",
            DefaultValueFactory = _ => 5,
        };
        var apiKeyFile = new Option<string?>("--api-key-file")
        {
            Description = $"File holding the API key every request but GET /healthz must send (X-Api-Key: KEY or Authorization: Bearer KEY; others get 401). "
                + $"Default: the {ServeApiKey.EnvironmentVariable} environment variable, else no authentication.",
        };
        var command = new Command("serve", "Run the HTTP guard service: POST /v1/guard, POST /v1/compose, GET /healthz, GET /openapi/v1.json. A --store file replaced by rename is reloaded while serving.") { urls, maxBody, timeout, apiKeyFile };
        guards.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new GuardServerSettings(ListenAddresses(parse.GetValue(urls) ?? GuardServerSettings.DefaultUrls), PositiveBytes(parse.GetValue(maxBody)))
            {
                ApiKey = ServeApiKey.Resolve(parse.GetValue(apiKeyFile), Environment.GetEnvironmentVariable(ServeApiKey.EnvironmentVariable)),
            };
            GuardOptions options = guards.ReadOptions(parse);
            string? store = parse.GetValue(guards.Store);
            TimeSpan limit = PositiveSeconds(parse.GetValue(timeout));
            GuardServer server;
            try
            {
                server = await GuardServer.StartAsync(
                    settings,
                    services => ServeServices.AddGuard(services, store, options, limit, () => guards.OpenEmbedder(parse, options)),
                    console.Error,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (OptionsValidationException ex)
            {
                throw new RagPrefException("The guard service cannot start: " + ex.Message, ex);
            }

            await using (server.ConfigureAwait(false))
            {
                foreach (Uri address in server.Addresses)
                {
                    await console.Out.WriteLineAsync($"listening on {address.ToString().TrimEnd('/')}").ConfigureAwait(false);
                }

                await console.Error.WriteLineAsync(settings.ApiKey is null
                    ? "authentication: none (pass --api-key-file or set RAGPREF_API_KEY before exposing the service beyond loopback)"
                    : $"authentication: API key required ({ApiKeyAuthentication.HeaderName}: KEY or Authorization: Bearer KEY); GET {ApiKeyAuthentication.OpenRoute} is open").ConfigureAwait(false);
                await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    /// <summary>Checks every address of <c>--urls</c> the way Kestrel will parse it, so a bad one is a usage error, not a crash at start.</summary>
    internal static string ListenAddresses(string urls)
    {
        string[] parts = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw new CliUsageException($"--urls '{urls}' names no address: pass for example {GuardServerSettings.DefaultUrls}.");
        }

        foreach (string part in parts)
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(part);
            }
            catch (FormatException)
            {
                throw new CliUsageException($"--urls '{part}' is not a listening address: expected http://HOST:PORT (or https://), several separated by ';', for example {GuardServerSettings.DefaultUrls}.");
            }

            if (address.Scheme is not ("http" or "https"))
            {
                throw new CliUsageException($"--urls '{part}' has the scheme '{address.Scheme}': use http:// or https://, for example {GuardServerSettings.DefaultUrls}.");
            }
        }

        return string.Join(';', parts);
    }

    private static TimeSpan PositiveSeconds(double value) =>
        value > 0 && double.IsFinite(value)
            ? TimeSpan.FromSeconds(value)
            : throw new CliUsageException($"--timeout must be a positive number of seconds, but it is {value}: pass for example 5.");

    private static long PositiveBytes(long value) =>
        value > 0 ? value : throw new CliUsageException($"--max-body-bytes must be a positive number of bytes, but it is {value}: pass for example 1048576 (1 MiB).");
}
