using System.CommandLine;
using Mcip.RagPref.Stores;

namespace Mcip.RagPref.Cli.Commands;

/// <content><c>store remove</c>.</content>
internal static partial class StoreCommand
{
    private static Command CreateRemove(CliConsole console)
    {
        var storePath = new Argument<string>("store") { Description = "The store file to change." };
        var ids = new Option<string[]>("--id")
        {
            Description = "The id of an example to remove; a parent id removes all its chunks. Repeat for several.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the result here instead of replacing the store file." };
        var ignoreMissing = new Option<bool>("--ignore-missing") { Description = "Remove the ids that exist even when others are not in the store." };
        var remove = new Command("remove", "Remove examples (and chunks of a parent) by id.")
        {
            storePath, ids, output, ignoreMissing,
        };
        remove.SetAction(async (parse, _) =>
        {
            string path = parse.GetRequiredValue(storePath);
            string[] requested = parse.GetRequiredValue(ids);
            using ExampleStore store = ExampleStore.Load(path);
            if (!parse.GetValue(ignoreMissing))
            {
                var known = new HashSet<string>(StringComparer.Ordinal);
                foreach (Example example in store.Examples)
                {
                    known.Add(example.Id);
                    if (example.ParentId is not null)
                    {
                        known.Add(example.ParentId);
                    }
                }

                List<string> missing = [.. requested.Where(id => !known.Contains(id))];
                if (missing.Count > 0)
                {
                    throw new RagPrefException(
                        $"No example or parent with the id(s) {string.Join(", ", missing.Select(id => $"'{id}'"))} is in '{path}'; nothing was removed. "
                        + "Check the ids ('ragpref store info' lists the store), or pass --ignore-missing.");
                }
            }

            StoreRemoveResult result = store.Remove(requested);
            foreach (string id in result.NotFound)
            {
                await console.Error.WriteLineAsync($"not found: {id}").ConfigureAwait(false);
            }

            string saved = SaveEdited(store, path, parse.GetValue(output), changed: result.RemovedRows > 0);
            await console.Out.WriteLineAsync($"{saved}: {result.RemovedRows} rows removed; {Summary(store)}").ConfigureAwait(false);
            return 0;
        });
        return remove;
    }
}
