using System.CommandLine;
using System.Globalization;
using Mcip.RagPref.Postgres;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Cli.Commands;

/// <content><c>store push</c> and <c>store pull</c>: between a store file and the PostgreSQL database replicas share.</content>
internal static partial class StoreCommand
{
    private static Command CreatePush(CliConsole console)
    {
        var storePath = new Argument<string>("store") { Description = "The store file to copy into the database." };
        var push = new Command(
            "push",
            "Copy a store file into the PostgreSQL database replicas share (serve --postgres): new rows are added, rows whose text, label or vector differ are replaced, rows only in the database stay; metadata (calibrated thresholds) is copied. Every replica applies the change within moments.")
        {
            storePath,
        };
        return WithSharedDatabase(push, async (parse, openDatabase, cancellationToken) =>
        {
            string path = parse.GetRequiredValue(storePath);
            using ExampleStore store = ExampleStore.Load(path);
            RagPrefPostgresDatabase database = await openDatabase().ConfigureAwait(false);
            await using (database.ConfigureAwait(false))
            {
                int written = await database.PushAsync(store, cancellationToken).ConfigureAwait(false);
                int metadata = store.Metadata.Keys.Count(key => !key.StartsWith(RagPrefPostgresDatabase.ReplicaKeyPrefix, StringComparison.Ordinal));
                await console.Out.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"pushed {path} to {database.Name}: {written} rows written (added or changed), {store.Count - written} already there; {metadata} metadata entries; {Summary(store)}")).ConfigureAwait(false);
            }
        });
    }

    private static Command CreatePull(CliConsole console)
    {
        var output = new Option<string>("--output", "-o") { Description = "The store file to write (replaced atomically).", Required = true };
        var pull = new Command(
            "pull",
            "Write the store shared through PostgreSQL (every example with its vector, and the metadata) to a store file, for a backup, an offline replica or 'ragpref store info'.")
        {
            output,
        };
        return WithSharedDatabase(pull, async (parse, openDatabase, cancellationToken) =>
        {
            string path = parse.GetRequiredValue(output);
            RagPrefPostgresDatabase database = await openDatabase().ConfigureAwait(false);
            await using (database.ConfigureAwait(false))
            {
                using ExampleStore store = await database.PullAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                string change = store.Metadata.GetValueOrDefault(RagPrefPostgresDatabase.SequenceKey) ?? "?";
                foreach (string key in store.Metadata.Keys.Where(key => key.StartsWith(RagPrefPostgresDatabase.ReplicaKeyPrefix, StringComparison.Ordinal)).ToList())
                {
                    store.SetMetadata(key, null);
                }

                store.Save(path);
                await console.Out.WriteLineAsync($"pulled {database.Name} at change {change} into {path}: {Summary(store)}; {store.Metadata.Count} metadata entries").ConfigureAwait(false);
            }
        });
    }

    /// <summary>
    /// Adds <c>--postgres</c> and <c>--schema</c> to <paramref name="command"/> and sets its action: the database is read from
    /// them (or <c>RAGPREF_POSTGRES</c>; a usage error when none is named) before <paramref name="run"/> starts, and opened
    /// when <paramref name="run"/> asks (it disposes the database); the command then exits 0.
    /// </summary>
    private static Command WithSharedDatabase(Command command, Func<ParseResult, Func<Task<RagPrefPostgresDatabase>>, CancellationToken, Task> run)
    {
        var postgres = new PostgresConnection();
        postgres.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            (string connectionString, string schema) = postgres.Read(parse, Environment.GetEnvironmentVariable(PostgresConnection.EnvironmentVariable));
            await run(parse, () => RagPrefPostgresDatabase.OpenAsync(connectionString, schema, cancellationToken), cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
