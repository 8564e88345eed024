using System.CommandLine;
using Mcip.RagPref.Cli.Guarding;
using Mcip.RagPref.Cli.Serving;
using Mcip.RagPref.Guard;
using Mcip.RagPref.Postgres;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// <c>ragpref serve [--urls URLS] [--max-body-bytes N] [--api-key-file PATH] [--store STORE | --postgres CONNSTR [--schema NAME]
/// [--snapshot FILE]] [--model M]</c>: runs the HTTP guard service (<c>POST /v1/guard</c>, <c>POST /v1/compose</c>,
/// <c>POST /v1/examples</c>, <c>GET /healthz</c>, <c>GET /openapi/v1.json</c>) until Ctrl+C or SIGTERM. Prints each listening
/// address on standard output once ready; logs go to standard error. With an API key (<c>--api-key-file</c> or
/// <c>RAGPREF_API_KEY</c>) every route but <c>/healthz</c> answers 401 without it. With <c>--postgres</c> (or
/// <c>RAGPREF_POSTGRES</c>) the store is shared with every replica through PostgreSQL, and <c>POST /v1/examples</c> (an admin
/// route: it needs the API key) adds examples for all of them.
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
        var postgres = new PostgresConnection();
        var snapshot = new Option<string?>("--snapshot")
        {
            Description = "With --postgres: a local store file the replica keeps up to date and serves when the database is down at start.",
        };
        var command = new Command(
            "serve",
            "Run the HTTP guard service: POST /v1/guard, POST /v1/compose, POST /v1/examples (with --postgres and an API key), GET /healthz, GET /openapi/v1.json. "
            + "A --store file replaced by rename is reloaded while serving; with --postgres every replica shares one store and applies each change within moments.")
        {
            urls, maxBody, timeout, apiKeyFile,
        };
        guards.AddTo(command);
        postgres.AddTo(command);
        command.Options.Add(snapshot);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new GuardServerSettings(ListenAddresses(parse.GetValue(urls) ?? GuardServerSettings.DefaultUrls), PositiveBytes(parse.GetValue(maxBody)))
            {
                ApiKey = ServeApiKey.Resolve(parse.GetValue(apiKeyFile), Environment.GetEnvironmentVariable(ServeApiKey.EnvironmentVariable)),
            };
            GuardOptions options = guards.ReadOptions(parse);
            string? store = parse.GetValue(guards.Store);
            ServePostgres? shared = ReadPostgres(parse, postgres, store, parse.GetValue(snapshot));
            TimeSpan limit = PositiveSeconds(parse.GetValue(timeout));
            GuardServer server;
            try
            {
                server = await GuardServer.StartAsync(
                    settings,
                    services => ServeServices.AddGuard(services, store, options, limit, () => guards.OpenEmbedder(parse, options), shared),
                    console.Error,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (OptionsValidationException ex)
            {
                throw new RagPrefException("The guard service cannot start: " + ex.Message, ex);
            }
            catch (RagPrefException ex) when (shared is { SnapshotPath: null })
            {
                throw new RagPrefException(
                    ex.Message + " A replica started with --snapshot FILE serves its last snapshot while the database is unreachable, and catches up when it returns.", ex);
            }

            await using (server.ConfigureAwait(false))
            {
                foreach (Uri address in server.Addresses)
                {
                    await console.Out.WriteLineAsync($"listening on {address.ToString().TrimEnd('/')}").ConfigureAwait(false);
                }

                if (server.Services.GetService<RagPrefPostgresReplica>() is { } replica)
                {
                    await console.Error.WriteLineAsync(
                        $"store: shared through {replica.Name}; POST {ExamplesEndpoint.Route} {(settings.ApiKey is null ? "is refused until the service has an API key" : "adds examples for every replica")}").ConfigureAwait(false);
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

    /// <summary>Reads <c>--postgres</c> (or <c>RAGPREF_POSTGRES</c>), <c>--schema</c> and <c>--snapshot</c>; <see langword="null"/> when no database is named.</summary>
    /// <exception cref="CliUsageException">A database and <c>--store</c> are both given, or <c>--snapshot</c> or <c>--schema</c> without a database.</exception>
    internal static ServePostgres? ReadPostgres(ParseResult parse, PostgresConnection postgres, string? store, string? snapshot)
    {
        string? environment = Environment.GetEnvironmentVariable(PostgresConnection.EnvironmentVariable);
        if (!postgres.IsGiven(parse, environment))
        {
            if (snapshot is not null)
            {
                throw new CliUsageException("--snapshot is the local copy of a store shared through PostgreSQL: pass it with --postgres CONNSTR (or set RAGPREF_POSTGRES), or leave it out.");
            }

            if (parse.GetResult(postgres.Schema) is { Implicit: false })
            {
                throw new CliUsageException("--schema names the PostgreSQL schema of a shared store: pass it with --postgres CONNSTR (or set RAGPREF_POSTGRES), or leave it out.");
            }

            return null;
        }

        if (store is not null)
        {
            string source = string.IsNullOrWhiteSpace(parse.GetValue(postgres.ConnectionString)) ? $"the {PostgresConnection.EnvironmentVariable} environment variable" : "--postgres";
            throw new CliUsageException(
                $"--store and {source} both name the store: a replica serves either a store file or the store shared through PostgreSQL. "
                + $"Pass one of them (to share a file's examples, push it first: ragpref store push FILE --postgres CONNSTR).");
        }

        if (snapshot is { } path && string.IsNullOrWhiteSpace(path))
        {
            throw new CliUsageException("--snapshot is empty: pass a file path for the local snapshot, or leave the option out.");
        }

        (string connectionString, string schema) = postgres.Read(parse, environment);
        return new ServePostgres(connectionString, schema, snapshot);
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
